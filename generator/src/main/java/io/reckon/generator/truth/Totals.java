package io.reckon.generator.truth;

/** Mutable sums of one aggregate row or one billing line. Micros stay integers end to end. */
public final class Totals {
    private long impressions;
    private long clicks;
    private long spendMicros;

    public void add(boolean click, long costMicros) {
        if (click) {
            clicks++;
        } else {
            impressions++;
        }
        spendMicros = Math.addExact(spendMicros, costMicros);
    }

    public void add(Totals other) {
        impressions += other.impressions;
        clicks += other.clicks;
        spendMicros = Math.addExact(spendMicros, other.spendMicros);
    }

    public long impressions() {
        return impressions;
    }

    public long clicks() {
        return clicks;
    }

    public long spendMicros() {
        return spendMicros;
    }
}
