package io.reckon.reconciliation.compare;

/** The three values of a grain row. All zero means "no events" (an absent row). */
public record Counts(long impressions, long clicks, long spendMicros) {
    public static final Counts ZERO = new Counts(0, 0, 0);

    public Counts {
        if (impressions < 0 || clicks < 0 || spendMicros < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + impressions + "/" + clicks + "/"
                    + spendMicros);
        }
    }

    public boolean isZero() {
        return impressions == 0 && clicks == 0 && spendMicros == 0;
    }

    /** {@code null} (no row) counts as zero. */
    public static Counts orZero(Counts counts) {
        return counts == null ? ZERO : counts;
    }
}
