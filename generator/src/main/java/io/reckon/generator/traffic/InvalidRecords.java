package io.reckon.generator.traffic;

import io.reckon.generator.random.SplitMix64;
import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.validation.EventTimeWindow;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.ReasonCode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a would-be valid event into a record that breaks exactly one rule, for every reason code a producer can
 * cause. Each reason has a few variants, so the validator sees more than one shape of each mistake.
 */
final class InvalidRecords {

    /** Every reason code except NO_RECORD_TIMESTAMP: a Kafka producer cannot send a record without timestamp. */
    static final List<ReasonCode> PRODUCIBLE = Arrays.stream(ReasonCode.values())
            .filter(reason -> reason != ReasonCode.NO_RECORD_TIMESTAMP)
            .toList();

    private static final String[] REQUIRED = {
            "event_id", "event_type", "event_time", "advertiser_id", "campaign_id", "ad_id", "cost_micros", "currency"};
    private static final String NOT_UTF8_MARK = "@@not-utf8@@";

    private InvalidRecords() {
    }

    /** Key and value of a record that is invalid for {@code reason} and for no earlier-checked reason. */
    static byte[][] make(ReasonCode reason, AdEvent base, long timestamp, SplitMix64 random) {
        byte[] key = base.eventId().getBytes(StandardCharsets.UTF_8);
        JsonText json = TrafficGenerator.toJson(base);
        int variant = random.nextInt(3);
        byte[] value = switch (reason) {
            case EMPTY_VALUE -> variant == 0 ? null : new byte[0];
            case VALUE_TOO_LARGE -> json.string("padding",
                    "x".repeat(IngressValidator.MAX_VALUE_BYTES + 1 + random.nextInt(1000))).bytes();
            case NOT_UTF8 -> notUtf8(json, variant);
            case MALFORMED_JSON -> malformed(json.text(), variant);
            case NOT_AN_OBJECT -> ("[" + json.text() + "]").getBytes(StandardCharsets.UTF_8);
            case DUPLICATE_FIELD -> json.duplicate("cost_micros", Long.toString(base.costMicros() + 1)).bytes();
            case MISSING_FIELD -> json.remove(REQUIRED[random.nextInt(REQUIRED.length)]).bytes();
            case NULL_FIELD -> json.raw(REQUIRED[random.nextInt(REQUIRED.length)], "null").bytes();
            case WRONG_TYPE -> switch (variant) {
                case 0 -> json.raw("cost_micros", JsonText.quote(Long.toString(base.costMicros()))).bytes();
                case 1 -> json.raw("event_time", JsonText.quote(Long.toString(base.eventTime()))).bytes();
                default -> json.raw("advertiser_id", "12345").bytes();
            };
            case NOT_AN_INTEGER -> switch (variant) {
                case 0 -> json.raw("cost_micros", base.costMicros() + ".0").bytes();
                case 1 -> json.raw("cost_micros", base.costMicros() + ".5").bytes();
                default -> json.raw("event_time", base.eventTime() / 1000 + "e3").bytes();
            };
            case OUT_OF_RANGE -> variant == 0
                    ? json.number("cost_micros", -1 - random.nextInt(1000)).bytes()
                    : json.number("cost_micros", 1_000_000_001L + random.nextInt(1000)).bytes();
            case EMPTY_STRING -> json.string(pick(variant, "advertiser_id", "campaign_id", "ad_id"), "").bytes();
            case STRING_TOO_LONG -> json.string("campaign_id", base.campaignId() + "-" + "x".repeat(64)).bytes();
            case BAD_CHARACTER -> json.string("ad_id", base.adId() + pick(variant, "\u0007", "\t", "\u0000")).bytes();
            case BAD_EVENT_TYPE -> json.string("event_type", pick(variant, "Click", "view", "IMPRESSION")).bytes();
            case BAD_CURRENCY -> json.string("currency", pick(variant, "usd", "EURO", "$$$")).bytes();
            case KEY_MISSING, KEY_MISMATCH -> json.bytes();
            case EVENT_TIME_TOO_OLD -> json.number("event_time", EventTimeWindow.earliest(timestamp)
                    - 1 - random.nextInt(86_400_000)).bytes();
            case EVENT_TIME_IN_FUTURE -> json.number("event_time", EventTimeWindow.latest(timestamp)
                    + 1 + random.nextInt(3_600_000)).bytes();
            case NO_RECORD_TIMESTAMP -> throw new IllegalArgumentException("a producer cannot cause " + reason);
        };
        if (reason == ReasonCode.KEY_MISSING) {
            key = null;
        } else if (reason == ReasonCode.KEY_MISMATCH) {
            key = (base.eventId() + pick(variant, "-x", " ", "0")).getBytes(StandardCharsets.UTF_8);
        }
        return new byte[][]{key, value};
    }

    private static byte[] notUtf8(JsonText json, int variant) {
        byte[] text = json.string("advertiser_id", NOT_UTF8_MARK).bytes();
        byte[] bad = switch (variant) {
            case 0 -> new byte[]{(byte) 0xFF};                          // never valid in UTF-8
            case 1 -> new byte[]{(byte) 0xC3, (byte) 0x28};             // broken two-byte sequence
            default -> new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}; // an encoded surrogate (CESU-8)
        };
        String asText = new String(text, StandardCharsets.US_ASCII);
        int at = asText.indexOf(NOT_UTF8_MARK);
        byte[] out = new byte[text.length - NOT_UTF8_MARK.length() + bad.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(text, at + NOT_UTF8_MARK.length(), out, at + bad.length,
                text.length - at - NOT_UTF8_MARK.length());
        return out;
    }

    private static byte[] malformed(String text, int variant) {
        String broken = switch (variant) {
            case 0 -> text.substring(0, text.length() - 1 - text.length() / 3);  // truncated
            case 1 -> text.substring(0, text.length() - 1) + ",}";                 // trailing comma
            default -> text.replace("\"currency\"", "'currency'");                 // single quotes
        };
        return broken.getBytes(StandardCharsets.UTF_8);
    }

    private static String pick(int variant, String... options) {
        return options[variant % options.length];
    }
}
