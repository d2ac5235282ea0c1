package io.reckon.generator.traffic;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object assembled from RAW member literals, so the generator can write exactly the broken JSON a faulty
 * producer would (numbers as strings, nulls, fractions, duplicate names). Members keep insertion order.
 */
final class JsonText {
    private final Map<String, String> members = new LinkedHashMap<>();
    private final StringBuilder appended = new StringBuilder();

    JsonText string(String name, String value) {
        members.put(name, quote(value));
        return this;
    }

    JsonText number(String name, long value) {
        members.put(name, Long.toString(value));
        return this;
    }

    JsonText raw(String name, String literal) {
        members.put(name, literal);
        return this;
    }

    JsonText remove(String name) {
        members.remove(name);
        return this;
    }

    /** Adds a member even if the name is already present: a duplicate name. */
    JsonText duplicate(String name, String literal) {
        appended.append(',').append(quote(name)).append(':').append(literal);
        return this;
    }

    String text() {
        StringBuilder out = new StringBuilder(256).append('{');
        members.forEach((name, literal) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(name)).append(':').append(literal);
        });
        return out.append(appended).append('}').toString();
    }

    byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string literal; escapes quotes, backslashes and all control characters. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
