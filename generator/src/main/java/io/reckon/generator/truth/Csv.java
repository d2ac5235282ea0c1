package io.reckon.generator.truth;

/** RFC 4180 fields: quoted only when needed, so plain identifiers stay plain. */
final class Csv {
    private Csv() {
    }

    static String field(String value) {
        boolean needsQuotes = false;
        for (int i = 0; i < value.length() && !needsQuotes; i++) {
            char c = value.charAt(i);
            needsQuotes = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
