package io.reckon.schemas.validation;

import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.reckon.schemas.validation.EventJson.RECORD_TS;
import static io.reckon.schemas.validation.EventJson.key;
import static io.reckon.schemas.validation.EventJson.valid;
import static org.assertj.core.api.Assertions.assertThat;

class IngressValidatorTest {
    private static final long SEVEN_DAYS = 7L * 24 * 3600 * 1000;
    private static final long FIVE_MINUTES = 5L * 60 * 1000;
    private static final String[] REQUIRED = {
            "event_id", "event_type", "event_time", "advertiser_id", "campaign_id", "ad_id", "cost_micros", "currency"};
    private static final String[] IDENTIFIERS = {"event_id", "advertiser_id", "campaign_id", "ad_id"};

    /** One input and the reason code it must get. */
    record Case(String name, byte[] key, byte[] value, long recordTs, ReasonCode expected) {
        @Override
        public String toString() {
            return expected + ": " + name;
        }
    }

    private static Case invalid(String name, EventJson json, ReasonCode expected) {
        return new Case(name, key(), json.bytes(), RECORD_TS, expected);
    }

    private static Case invalid(String name, String value, ReasonCode expected) {
        return new Case(name, key(), value.getBytes(StandardCharsets.UTF_8), RECORD_TS, expected);
    }

    private static Case invalidBytes(String name, byte[] value, ReasonCode expected) {
        return new Case(name, key(), value, RECORD_TS, expected);
    }

    static List<Case> invalidCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(invalidBytes("null value (tombstone)", null, ReasonCode.EMPTY_VALUE));
        cases.add(invalidBytes("zero bytes", new byte[0], ReasonCode.EMPTY_VALUE));

        cases.add(invalid("one byte over the limit", padded(IngressValidator.MAX_VALUE_BYTES + 1),
                ReasonCode.VALUE_TOO_LARGE));

        cases.add(invalidBytes("0xFF byte inside a string", withByteInAdvertiser((byte) 0xFF), ReasonCode.NOT_UTF8));
        cases.add(invalidBytes("overlong encoding of '/'", withBytesInAdvertiser(new byte[]{(byte) 0xC0, (byte) 0xAF}),
                ReasonCode.NOT_UTF8));
        cases.add(invalidBytes("UTF-8 encoded surrogate", withBytesInAdvertiser(
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}), ReasonCode.NOT_UTF8));
        cases.add(invalidBytes("truncated multi-byte sequence", withBytesInAdvertiser(new byte[]{(byte) 0xE2, (byte) 0x82}),
                ReasonCode.NOT_UTF8));
        cases.add(invalidBytes("latin-1 e acute", withByteInAdvertiser((byte) 0xE9), ReasonCode.NOT_UTF8));

        cases.add(invalid("unterminated object", "{\"event_id\":\"evt-0001\"", ReasonCode.MALFORMED_JSON));
        cases.add(invalid("trailing comma", valid().text().replace("}", ",}"), ReasonCode.MALFORMED_JSON));
        cases.add(invalid("single quotes", valid().text().replace("\"USD\"", "'USD'"), ReasonCode.MALFORMED_JSON));
        cases.add(invalid("comment", "/* hi */" + valid().text(), ReasonCode.MALFORMED_JSON));
        cases.add(invalid("two objects", valid().text() + valid().text(), ReasonCode.MALFORMED_JSON));
        cases.add(invalid("trailing garbage", valid().text() + "x", ReasonCode.MALFORMED_JSON));
        cases.add(invalid("leading zero", valid().raw("cost_micros", "0025"), ReasonCode.MALFORMED_JSON));
        cases.add(invalid("NaN", valid().raw("cost_micros", "NaN"), ReasonCode.MALFORMED_JSON));
        cases.add(invalid("only whitespace", "  \n ", ReasonCode.MALFORMED_JSON));
        cases.add(invalid("raw newline inside a string", valid().raw("ad_id", "\"ad\n1\""), ReasonCode.MALFORMED_JSON));
        cases.add(invalid("unquoted member name", valid().text().replace("\"currency\"", "currency"),
                ReasonCode.MALFORMED_JSON));
        cases.add(invalid("byte order mark", "\uFEFF" + valid().text(), ReasonCode.MALFORMED_JSON));
        cases.add(invalid("nesting deeper than 1000 in an ignored member",
                valid().raw("extra", "[".repeat(1001) + "]".repeat(1001)), ReasonCode.MALFORMED_JSON));
        cases.add(invalid("malformed wins over a duplicate", valid().text().replace("}", ",\"ad_id\":\"x\",}"),
                ReasonCode.MALFORMED_JSON));

        cases.add(invalid("array", "[" + valid().text() + "]", ReasonCode.NOT_AN_OBJECT));
        cases.add(invalid("string", "\"evt-0001\"", ReasonCode.NOT_AN_OBJECT));
        cases.add(invalid("number", "42", ReasonCode.NOT_AN_OBJECT));
        cases.add(invalid("null literal", "null", ReasonCode.NOT_AN_OBJECT));
        cases.add(invalid("boolean", " true ", ReasonCode.NOT_AN_OBJECT));

        cases.add(invalid("event_id twice with the same value",
                valid().text().replace("}", ",\"event_id\":\"evt-0001\"}"), ReasonCode.DUPLICATE_FIELD));
        cases.add(invalid("cost_micros twice", valid().text().replace("}", ",\"cost_micros\":1}"),
                ReasonCode.DUPLICATE_FIELD));
        cases.add(invalid("unknown member twice", valid().raw("x", "1").text().replace("}", ",\"x\":2}"),
                ReasonCode.DUPLICATE_FIELD));
        cases.add(invalid("duplicate wins over a missing field",
                valid().without("currency").text().replace("}", ",\"ad_id\":\"ad-1\"}"), ReasonCode.DUPLICATE_FIELD));

        for (String field : REQUIRED) {
            cases.add(invalid(field + " absent", valid().without(field), ReasonCode.MISSING_FIELD));
            cases.add(invalid(field + " null", valid().raw(field, "null"), ReasonCode.NULL_FIELD));
        }
        cases.add(invalid("empty object", "{}", ReasonCode.MISSING_FIELD));

        cases.add(invalid("cost_micros as a string", valid().raw("cost_micros", "\"2500\""), ReasonCode.WRONG_TYPE));
        cases.add(invalid("event_time as a string", valid().raw("event_time", "\"" + (RECORD_TS - 1) + "\""),
                ReasonCode.WRONG_TYPE));
        cases.add(invalid("event_id as a number", valid().raw("event_id", "1"), ReasonCode.WRONG_TYPE));
        cases.add(invalid("currency as an array", valid().raw("currency", "[\"USD\"]"), ReasonCode.WRONG_TYPE));
        cases.add(invalid("event_type as a boolean", valid().raw("event_type", "true"), ReasonCode.WRONG_TYPE));
        cases.add(invalid("advertiser_id as an object", valid().raw("advertiser_id", "{\"id\":\"adv-1\"}"),
                ReasonCode.WRONG_TYPE));
        cases.add(invalid("cost_micros as a boolean", valid().raw("cost_micros", "false"), ReasonCode.WRONG_TYPE));
        cases.add(invalid("user_id as a number", valid().raw("user_id", "42"), ReasonCode.WRONG_TYPE));

        cases.add(invalid("cost_micros 1.5", valid().raw("cost_micros", "1.5"), ReasonCode.NOT_AN_INTEGER));
        cases.add(invalid("cost_micros 2500.0", valid().raw("cost_micros", "2500.0"), ReasonCode.NOT_AN_INTEGER));
        cases.add(invalid("cost_micros 1e3", valid().raw("cost_micros", "1e3"), ReasonCode.NOT_AN_INTEGER));
        cases.add(invalid("cost_micros 1E400", valid().raw("cost_micros", "1E400"), ReasonCode.NOT_AN_INTEGER));
        cases.add(invalid("event_time with exponent", valid().raw("event_time", "1.764115199e12"),
                ReasonCode.NOT_AN_INTEGER));

        cases.add(invalid("cost_micros -1", valid().raw("cost_micros", "-1"), ReasonCode.OUT_OF_RANGE));
        cases.add(invalid("cost_micros 1000000001", valid().raw("cost_micros", "1000000001"), ReasonCode.OUT_OF_RANGE));
        cases.add(invalid("cost_micros beyond 64 bits", valid().raw("cost_micros", "99999999999999999999"),
                ReasonCode.OUT_OF_RANGE));
        cases.add(invalid("event_time 2^63", valid().raw("event_time", "9223372036854775808"),
                ReasonCode.OUT_OF_RANGE));

        for (String field : IDENTIFIERS) {
            EventJson json = valid().string(field, "");
            cases.add(field.equals("event_id")
                    ? new Case(field + " empty", new byte[0], json.bytes(), RECORD_TS, ReasonCode.EMPTY_STRING)
                    : invalid(field + " empty", json, ReasonCode.EMPTY_STRING));
            cases.add(identifierCase(field + " 65 ASCII chars", field, "a".repeat(65), ReasonCode.STRING_TOO_LONG));
            cases.add(identifierCase(field + " 65 emoji (130 UTF-16 units)", field, "\uD83D\uDE00".repeat(65),
                    ReasonCode.STRING_TOO_LONG));
            cases.add(identifierCase(field + " NUL", field, "a\u0000b", ReasonCode.BAD_CHARACTER));
            cases.add(identifierCase(field + " unit separator", field, "a\u001Fb", ReasonCode.BAD_CHARACTER));
            cases.add(identifierCase(field + " DEL", field, "a\u007Fb", ReasonCode.BAD_CHARACTER));
            cases.add(identifierCase(field + " C1 NEL", field, "a\u0085b", ReasonCode.BAD_CHARACTER));
            cases.add(identifierCase(field + " escaped newline", field, "a\nb", ReasonCode.BAD_CHARACTER));
        }
        cases.add(invalid("advertiser_id unpaired high surrogate", valid().raw("advertiser_id", "\"a\\ud800\""),
                ReasonCode.BAD_CHARACTER));
        cases.add(invalid("user_id unpaired low surrogate", valid().raw("user_id", "\"\\udc00u\""),
                ReasonCode.BAD_CHARACTER));
        cases.add(invalid("control character wins over length", valid().string("ad_id", "\u0001".repeat(70)),
                ReasonCode.BAD_CHARACTER));

        for (String type : new String[]{"Click", "IMPRESSION", "view", "", " click", "click "}) {
            cases.add(invalid("event_type \"" + type + "\"", valid().string("event_type", type),
                    ReasonCode.BAD_EVENT_TYPE));
        }
        for (String currency : new String[]{"usd", "Usd", "US", "USDX", "", "U1D", "\u00C9UR", " USD"}) {
            cases.add(invalid("currency \"" + currency + "\"", valid().string("currency", currency),
                    ReasonCode.BAD_CURRENCY));
        }

        cases.add(new Case("null key", null, valid().bytes(), RECORD_TS, ReasonCode.KEY_MISSING));
        cases.add(new Case("other id", "evt-0002".getBytes(StandardCharsets.UTF_8), valid().bytes(), RECORD_TS,
                ReasonCode.KEY_MISMATCH));
        cases.add(new Case("key with trailing space", "evt-0001 ".getBytes(StandardCharsets.UTF_8), valid().bytes(),
                RECORD_TS, ReasonCode.KEY_MISMATCH));
        cases.add(new Case("key in UTF-16", "evt-0001".getBytes(StandardCharsets.UTF_16BE), valid().bytes(),
                RECORD_TS, ReasonCode.KEY_MISMATCH));
        cases.add(new Case("empty key", new byte[0], valid().bytes(), RECORD_TS, ReasonCode.KEY_MISMATCH));
        cases.add(new Case("bad currency wins over key mismatch", "nope".getBytes(StandardCharsets.UTF_8),
                valid().string("currency", "usd").bytes(), RECORD_TS, ReasonCode.BAD_CURRENCY));
        cases.add(new Case("key mismatch wins over the time window", "nope".getBytes(StandardCharsets.UTF_8),
                valid().raw("event_time", "0").bytes(), RECORD_TS, ReasonCode.KEY_MISMATCH));

        cases.add(new Case("record timestamp -1", key(), valid().bytes(), -1L, ReasonCode.NO_RECORD_TIMESTAMP));

        cases.add(invalid("7 days + 1 ms before", valid().raw("event_time", Long.toString(RECORD_TS - SEVEN_DAYS - 1)),
                ReasonCode.EVENT_TIME_TOO_OLD));
        cases.add(invalid("epoch zero", valid().raw("event_time", "0"), ReasonCode.EVENT_TIME_TOO_OLD));
        cases.add(invalid("Long.MIN_VALUE", valid().raw("event_time", Long.toString(Long.MIN_VALUE)),
                ReasonCode.EVENT_TIME_TOO_OLD));
        cases.add(invalid("5 minutes + 1 ms after",
                valid().raw("event_time", Long.toString(RECORD_TS + FIVE_MINUTES + 1)), ReasonCode.EVENT_TIME_IN_FUTURE));
        cases.add(invalid("Long.MAX_VALUE", valid().raw("event_time", Long.toString(Long.MAX_VALUE)),
                ReasonCode.EVENT_TIME_IN_FUTURE));

        cases.add(invalid("missing event_id wins over a bad currency",
                valid().without("event_id").string("currency", "usd"), ReasonCode.MISSING_FIELD));
        cases.add(invalid("event_type checked before cost_micros",
                valid().string("event_type", "view").raw("cost_micros", "-5"), ReasonCode.BAD_EVENT_TYPE));
        return cases;
    }

    private static Case identifierCase(String name, String field, String value, ReasonCode expected) {
        EventJson json = valid().string(field, value);
        byte[] key = field.equals("event_id") ? value.getBytes(StandardCharsets.UTF_8) : key();
        return new Case(name, key, json.bytes(), RECORD_TS, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void invalidRecordsGetTheirReasonCode(Case c) {
        Verdict verdict = IngressValidator.validate(c.key(), c.value(), c.recordTs());

        assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
        Verdict.Invalid invalid = (Verdict.Invalid) verdict;
        assertThat(invalid.reason()).as(invalid.message()).isEqualTo(c.expected());
        assertThat(invalid.message()).isNotBlank();
    }

    @Test
    void everyReasonCodeHasACase() {
        Set<ReasonCode> covered = invalidCases().stream().map(Case::expected)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ReasonCode.class)));
        assertThat(covered).containsExactlyInAnyOrder(ReasonCode.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void sameInputSameVerdict(Case c) {
        assertThat(IngressValidator.validate(c.key(), c.value(), c.recordTs()))
                .isEqualTo(IngressValidator.validate(c.key(), c.value(), c.recordTs()));
    }

    static List<Case> validCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("baseline", key(), valid().bytes(), RECORD_TS, null));
        cases.add(new Case("unknown members of every type are ignored", key(), valid()
                .raw("placement", "\"feed\"").raw("bid", "1.25").raw("tags", "[1,{\"a\":[]}]")
                .raw("meta", "{\"x\":{\"y\":null}}").raw("flag", "false").raw("n", "null").bytes(), RECORD_TS, null));
        cases.add(new Case("duplicate names inside an ignored member are not checked", key(), valid()
                .raw("meta", "{\"a\":1,\"a\":2}").bytes(), RECORD_TS, null));
        cases.add(new Case("user_id absent", key(), valid().without("user_id").bytes(), RECORD_TS, null));
        cases.add(new Case("user_id null", key(), valid().raw("user_id", "null").bytes(), RECORD_TS, null));
        cases.add(new Case("user_id empty", key(), valid().string("user_id", "").bytes(), RECORD_TS, null));
        cases.add(new Case("user_id with control characters", key(), valid().string("user_id", "a\tb").bytes(),
                RECORD_TS, null));
        cases.add(new Case("members in another order, with whitespace", key(),
                (" {\n \"currency\" : \"USD\", \"cost_micros\":2500,\"ad_id\":\"ad-1\",\"campaign_id\":\"cmp-1\","
                        + "\"advertiser_id\":\"adv-1\",\"event_time\":" + (RECORD_TS - 1000) + ",\"event_type\":"
                        + "\"impression\",\"event_id\":\"evt-0001\"}\r\n").getBytes(StandardCharsets.UTF_8),
                RECORD_TS, null));
        cases.add(new Case("cost 0", key(), valid().raw("cost_micros", "0").bytes(), RECORD_TS, null));
        cases.add(new Case("cost -0 is the integer zero", key(), valid().raw("cost_micros", "-0").bytes(),
                RECORD_TS, null));
        cases.add(new Case("cost 1000000000", key(), valid().raw("cost_micros", "1000000000").bytes(), RECORD_TS,
                null));
        cases.add(new Case("click", key(), valid().string("event_type", "click").bytes(), RECORD_TS, null));
        cases.add(new Case("event_time exactly 7 days before", key(),
                valid().raw("event_time", Long.toString(RECORD_TS - SEVEN_DAYS)).bytes(), RECORD_TS, null));
        cases.add(new Case("event_time exactly 5 minutes after", key(),
                valid().raw("event_time", Long.toString(RECORD_TS + FIVE_MINUTES)).bytes(), RECORD_TS, null));
        cases.add(new Case("record timestamp 0 with event_time 0", key(),
                valid().raw("event_time", "0").bytes(), 0L, null));
        for (String field : IDENTIFIERS) {
            cases.add(identifierCase(field + " 1 char", field, "x", null));
            cases.add(identifierCase(field + " 64 ASCII chars", field, "a".repeat(64), null));
            cases.add(identifierCase(field + " 64 emoji (128 UTF-16 units)", field, "\uD83D\uDE00".repeat(64), null));
            cases.add(identifierCase(field + " non-ASCII letters", field, "caf\u00E9-\u65E5\u672C", null));
            cases.add(identifierCase(field + " spaces inside", field, " a b ", null));
        }
        String baseText = valid().text();
        cases.add(new Case("exactly " + IngressValidator.MAX_VALUE_BYTES + " bytes", key(),
                padded(IngressValidator.MAX_VALUE_BYTES).getBytes(StandardCharsets.UTF_8), RECORD_TS, null));
        cases.add(new Case("raw UTF-8 in strings", key(), (baseText.replace("\"u-42\"", "\"\u00FC-\u20AC\""))
                .getBytes(StandardCharsets.UTF_8), RECORD_TS, null));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void validRecordsAreAccepted(Case c) {
        Verdict verdict = IngressValidator.validate(c.key(), c.value(), c.recordTs());

        assertThat(verdict).as(() -> verdict.toString()).isInstanceOf(Verdict.Valid.class);
        assertThat(verdict.eventTimeUsable()).isTrue();
    }

    @Test
    void validRecordCarriesEveryField() {
        Verdict verdict = IngressValidator.validate(key(), valid().raw("extra", "1").bytes(), RECORD_TS);

        assertThat(verdict).isEqualTo(new Verdict.Valid(new AdEvent("evt-0001", EventType.IMPRESSION,
                RECORD_TS - 1000, "adv-1", "cmp-1", "ad-1", 2500, "USD", "u-42")));
    }

    @Test
    void negativeZeroCostIsZero() {
        Verdict verdict = IngressValidator.validate(key(), valid().raw("cost_micros", "-0").bytes(), RECORD_TS);

        assertThat(((Verdict.Valid) verdict).event().costMicros()).isZero();
    }

    @Test
    void invalidRecordKeepsAUsableEventTime() {
        Verdict verdict = IngressValidator.validate(key(), valid().string("currency", "usd").bytes(), RECORD_TS);

        assertThat(verdict.parsedEventTime()).isEqualTo(RECORD_TS - 1000);
        assertThat(verdict.eventTimeUsable()).isTrue();
    }

    @Test
    void eventTimeOutsideTheWindowIsParsedButNotUsable() {
        long old = RECORD_TS - SEVEN_DAYS - 1;
        Verdict verdict = IngressValidator.validate(key(), valid().raw("event_time", Long.toString(old)).bytes(),
                RECORD_TS);

        assertThat(verdict.parsedEventTime()).isEqualTo(old);
        assertThat(verdict.eventTimeUsable()).isFalse();
    }

    @Test
    void missingRecordTimestampMakesEventTimeUnusable() {
        Verdict verdict = IngressValidator.validate(key(), valid().bytes(), -1L);

        assertThat(verdict.parsedEventTime()).isEqualTo(RECORD_TS - 1000);
        assertThat(verdict.eventTimeUsable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1764115199000\"", "1764115199000.0", "null", "99999999999999999999"})
    void eventTimeThatIsNotALongIsNotParsed(String literal) {
        Verdict verdict = IngressValidator.validate(key(), valid().raw("event_time", literal).bytes(), RECORD_TS);

        assertThat(verdict.parsedEventTime()).isNull();
        assertThat(verdict.eventTimeUsable()).isFalse();
    }

    @Test
    void noEventTimeIsTrustedWhenANameIsDuplicated() {
        byte[] value = valid().raw("x", "1").text().replace("}", ",\"x\":2}").getBytes(StandardCharsets.UTF_8);

        Verdict verdict = IngressValidator.validate(key(), value, RECORD_TS);

        assertThat(verdict.parsedEventTime()).isNull();
    }

    @Test
    void malformedValueHasNoEventTime() {
        Verdict verdict = IngressValidator.validate(key(), "{\"event_time\":1764115199000".getBytes(
                StandardCharsets.UTF_8), RECORD_TS);

        assertThat(verdict.parsedEventTime()).isNull();
        assertThat(verdict.eventTimeUsable()).isFalse();
    }

    /** A valid event padded with an ignored member to exactly {@code size} bytes. */
    private static String padded(int size) {
        String base = valid().raw("pad", "\"\"").text();
        return base.replace("\"pad\":\"\"", "\"pad\":\"" + "p".repeat(size - base.length()) + "\"");
    }

    private static byte[] withByteInAdvertiser(byte b) {
        return withBytesInAdvertiser(new byte[]{b});
    }

    private static byte[] withBytesInAdvertiser(byte[] inserted) {
        byte[] json = valid().string("advertiser_id", "adv-#").bytes();
        String text = new String(json, StandardCharsets.US_ASCII);
        int at = text.indexOf('#');
        byte[] out = new byte[json.length - 1 + inserted.length];
        System.arraycopy(json, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(json, at + 1, out, at + inserted.length, json.length - at - 1);
        return out;
    }
}
