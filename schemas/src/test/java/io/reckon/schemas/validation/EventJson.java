package io.reckon.schemas.validation;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test helper: an ingress JSON object built from RAW JSON literals, so tests can write exactly the bytes a broken
 * producer would (numbers as strings, fractions, duplicates...). Starts from a valid event.
 */
final class EventJson {
    static final long RECORD_TS = 1_764_115_200_000L; // 2025-11-26T00:00:00Z
    static final String EVENT_ID = "evt-0001";

    private final Map<String, String> members = new LinkedHashMap<>();

    static EventJson valid() {
        EventJson json = new EventJson();
        json.members.put("event_id", quote(EVENT_ID));
        json.members.put("event_type", quote("impression"));
        json.members.put("event_time", Long.toString(RECORD_TS - 1_000));
        json.members.put("advertiser_id", quote("adv-1"));
        json.members.put("campaign_id", quote("cmp-1"));
        json.members.put("ad_id", quote("ad-1"));
        json.members.put("cost_micros", "2500");
        json.members.put("currency", quote("USD"));
        json.members.put("user_id", quote("u-42"));
        return json;
    }

    /** Sets a member to a raw JSON literal. */
    EventJson raw(String name, String jsonLiteral) {
        members.put(name, jsonLiteral);
        return this;
    }

    /** Sets a member to a JSON string (escaped with \\uXXXX for anything outside printable ASCII). */
    EventJson string(String name, String value) {
        return raw(name, quote(value));
    }

    EventJson without(String name) {
        members.remove(name);
        return this;
    }

    String text() {
        StringBuilder out = new StringBuilder("{");
        members.forEach((name, literal) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(name).append("\":").append(literal);
        });
        return out.append('}').toString();
    }

    byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] key() {
        return EVENT_ID.getBytes(StandardCharsets.UTF_8);
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
