package io.reckon.schemas.aggregate;

/** Which layer produced a row (column {@code source}) or a dead-letter verdict (column {@code detected_by}). */
public enum Source {
    SPEED("speed"),
    BATCH("batch");

    private final String wireName;

    Source(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Source fromWireName(String value) {
        for (Source source : values()) {
            if (source.wireName.equals(value)) {
                return source;
            }
        }
        throw new IllegalArgumentException("source must be \"speed\" or \"batch\", got \"" + value + '"');
    }
}
