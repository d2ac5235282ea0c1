package io.reckon.reconciliation.compare;

/** Exact sums of rows (longs, never a Pinot SUM, which is a double). */
public final class Totals {
    private long keys;
    private long impressions;
    private long clicks;
    private long spendMicros;

    public void add(Counts counts) {
        if (counts.isZero()) {
            return;
        }
        keys++;
        impressions = Math.addExact(impressions, counts.impressions());
        clicks = Math.addExact(clicks, counts.clicks());
        spendMicros = Math.addExact(spendMicros, counts.spendMicros());
    }

    public long keys() {
        return keys;
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
