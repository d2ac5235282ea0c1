package io.reckon.schemas.validation;

import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.event.EventType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * THE validation rule set of the ingress contract, used by the speed layer (Flink) and the batch layer (Spark)
 * alike: same key bytes, value bytes and record timestamp in, same {@link Verdict} (same {@link ReasonCode}) out.
 *
 * <p>Checks run in this order and the first failure decides the reason code:
 * <ol>
 *   <li>the value as a whole: {@code EMPTY_VALUE}, {@code VALUE_TOO_LARGE}, {@code NOT_UTF8},
 *       {@code MALFORMED_JSON}, {@code NOT_AN_OBJECT}, {@code DUPLICATE_FIELD};</li>
 *   <li>the fields in the order event_id, event_type, event_time, advertiser_id, campaign_id, ad_id, cost_micros,
 *       currency, user_id; for each field: presence ({@code MISSING_FIELD}, {@code NULL_FIELD}), JSON type
 *       ({@code WRONG_TYPE}, {@code NOT_AN_INTEGER}), then its value rule;</li>
 *   <li>the record: {@code KEY_MISSING}, {@code KEY_MISMATCH}, {@code NO_RECORD_TIMESTAMP},
 *       {@code EVENT_TIME_TOO_OLD}, {@code EVENT_TIME_IN_FUTURE}.</li>
 * </ol>
 * Members not named above are syntax-checked and otherwise ignored. The class is stateless and thread-safe.
 */
public final class IngressValidator {

    /**
     * Largest accepted value, in bytes. A real event is a few hundred bytes. The cap bounds the work per record and
     * keeps every input below the Jackson limits that differ between Jackson versions.
     */
    public static final int MAX_VALUE_BYTES = 32 * 1024;

    static final String EVENT_ID = "event_id";
    static final String EVENT_TYPE = "event_type";
    static final String EVENT_TIME = "event_time";
    static final String ADVERTISER_ID = "advertiser_id";
    static final String CAMPAIGN_ID = "campaign_id";
    static final String AD_ID = "ad_id";
    static final String COST_MICROS = "cost_micros";
    static final String CURRENCY = "currency";
    static final String USER_ID = "user_id";

    private static final Set<String> FIELDS = Set.of(
            EVENT_ID, EVENT_TYPE, EVENT_TIME, ADVERTISER_ID, CAMPAIGN_ID, AD_ID, COST_MICROS, CURRENCY, USER_ID);

    private IngressValidator() {
    }

    /**
     * Validates one Kafka record of {@code ad-events}.
     *
     * @param key             the record key bytes, may be null
     * @param value           the record value bytes, may be null
     * @param recordTimestamp the Kafka record timestamp in epoch milliseconds (negative means none)
     */
    public static Verdict validate(byte[] key, byte[] value, long recordTimestamp) {
        StrictJsonObjectReader.ParsedObject object;
        try {
            object = StrictJsonObjectReader.read(decodeUtf8(value), FIELDS);
        } catch (ContractViolation violation) {
            return new Verdict.Invalid(violation.reason(), violation.getMessage(), null, false);
        }
        // Computed before the field rules so the archive can place a record by its event_time even when another
        // field makes it invalid. With a duplicated name no member is trusted.
        Long eventTime = object.firstDuplicateName() == null ? integerOrNull(object.get(EVENT_TIME)) : null;
        boolean usable = eventTime != null && EventTimeWindow.contains(recordTimestamp, eventTime);
        try {
            if (object.firstDuplicateName() != null) {
                throw new ContractViolation(ReasonCode.DUPLICATE_FIELD,
                        "member \"" + abbreviate(object.firstDuplicateName()) + "\" appears more than once");
            }
            AdEvent event = toEvent(object);
            requireKeyMatches(key, event.eventId());
            if (recordTimestamp < 0) {
                throw new ContractViolation(ReasonCode.NO_RECORD_TIMESTAMP,
                        "record timestamp " + recordTimestamp + " means no timestamp");
            }
            EventTimeWindow.require(recordTimestamp, event.eventTime());
            return new Verdict.Valid(event);
        } catch (ContractViolation violation) {
            return new Verdict.Invalid(violation.reason(), violation.getMessage(), eventTime, usable);
        }
    }

    private static String decodeUtf8(byte[] value) {
        if (value == null || value.length == 0) {
            throw new ContractViolation(ReasonCode.EMPTY_VALUE,
                    value == null ? "value is null (tombstone)" : "value is empty");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new ContractViolation(ReasonCode.VALUE_TOO_LARGE,
                    "value has " + value.length + " bytes, at most " + MAX_VALUE_BYTES + " allowed");
        }
        String text = isAscii(value) ? new String(value, StandardCharsets.US_ASCII) : strictUtf8(value);
        if (text.charAt(0) == '\uFEFF') {
            throw new ContractViolation(ReasonCode.MALFORMED_JSON, "value starts with a byte order mark");
        }
        return text;
    }

    private static String strictUtf8(byte[] value) {
        try {
            // A fresh decoder per call: decoders are not thread-safe and REPORT rejects what String(byte[]) would
            // silently replace (bad sequences, overlong forms, encoded surrogates).
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ContractViolation(ReasonCode.NOT_UTF8, "value is not well-formed UTF-8");
        }
    }

    private static boolean isAscii(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static AdEvent toEvent(StrictJsonObjectReader.ParsedObject object) {
        String eventId = FieldRules.requireIdentifier(EVENT_ID, requiredString(object, EVENT_ID));
        EventType eventType = EventType.fromWireName(requiredString(object, EVENT_TYPE));
        long eventTime = requiredLong(object, EVENT_TIME);
        String advertiserId = FieldRules.requireIdentifier(ADVERTISER_ID, requiredString(object, ADVERTISER_ID));
        String campaignId = FieldRules.requireIdentifier(CAMPAIGN_ID, requiredString(object, CAMPAIGN_ID));
        String adId = FieldRules.requireIdentifier(AD_ID, requiredString(object, AD_ID));
        long costMicros = FieldRules.requireCostMicros(requiredLong(object, COST_MICROS));
        String currency = FieldRules.requireCurrency(requiredString(object, CURRENCY));
        String userId = optionalString(object, USER_ID);
        if (userId != null) {
            FieldRules.requireWellFormedText(USER_ID, userId);
        }
        return new AdEvent(eventId, eventType, eventTime, advertiserId, campaignId, adId, costMicros, currency,
                userId);
    }

    private static JsonMember required(StrictJsonObjectReader.ParsedObject object, String field) {
        JsonMember member = object.get(field);
        if (member == null) {
            throw new ContractViolation(ReasonCode.MISSING_FIELD, field + " is missing");
        }
        if (member.kind() == JsonMember.Kind.NULL) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " is null");
        }
        return member;
    }

    private static String requiredString(StrictJsonObjectReader.ParsedObject object, String field) {
        JsonMember member = required(object, field);
        if (member.kind() != JsonMember.Kind.STRING) {
            throw new ContractViolation(ReasonCode.WRONG_TYPE,
                    field + " must be a string, got " + member.jsonTypeName());
        }
        return member.text();
    }

    private static long requiredLong(StrictJsonObjectReader.ParsedObject object, String field) {
        JsonMember member = required(object, field);
        switch (member.kind()) {
            case INTEGER:
                return member.integer();
            case FRACTION:
                throw new ContractViolation(ReasonCode.NOT_AN_INTEGER,
                        field + " must be a JSON integer (no fraction, no exponent)");
            case BIG_INTEGER:
                throw new ContractViolation(ReasonCode.OUT_OF_RANGE,
                        field + " does not fit in a signed 64-bit integer");
            default:
                throw new ContractViolation(ReasonCode.WRONG_TYPE,
                        field + " must be a number, got " + member.jsonTypeName());
        }
    }

    /** Optional string: absent and null both mean "not given". */
    private static String optionalString(StrictJsonObjectReader.ParsedObject object, String field) {
        JsonMember member = object.get(field);
        if (member == null || member.kind() == JsonMember.Kind.NULL) {
            return null;
        }
        if (member.kind() != JsonMember.Kind.STRING) {
            throw new ContractViolation(ReasonCode.WRONG_TYPE,
                    field + " must be a string or null, got " + member.jsonTypeName());
        }
        return member.text();
    }

    private static Long integerOrNull(JsonMember member) {
        return member != null && member.kind() == JsonMember.Kind.INTEGER ? member.integer() : null;
    }

    private static void requireKeyMatches(byte[] key, String eventId) {
        if (key == null) {
            throw new ContractViolation(ReasonCode.KEY_MISSING, "Kafka key is null; it must be the event_id");
        }
        if (!Arrays.equals(key, eventId.getBytes(StandardCharsets.UTF_8))) {
            throw new ContractViolation(ReasonCode.KEY_MISMATCH,
                    "Kafka key (" + key.length + " bytes) differs from the UTF-8 bytes of event_id");
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
