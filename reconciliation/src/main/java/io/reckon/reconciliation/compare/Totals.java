package io.reckon.reconciliation.compare;

/** Exact sums of rows (longs, never a Pinot SUM, which is a double). */
public final class Totals {
    /** The day's totals over all currencies (spend stays per currency: currencies are never added together). */
    public record DayTotals(long keys, long impressions, long clicks, java.util.SortedMap<String, Long> spendByCurrency) {
    }

    /** Sums per-currency totals into the day's; a currency without rows has no spend entry. */
    public static DayTotals ofDay(java.util.Map<String, Totals> byCurrency) {
        long keys = 0;
        long impressions = 0;
        long clicks = 0;
        java.util.SortedMap<String, Long> spend = new java.util.TreeMap<>();
        for (java.util.Map.Entry<String, Totals> e : byCurrency.entrySet()) {
            Totals t = e.getValue();
            keys += t.keys();
            impressions = Math.addExact(impressions, t.impressions());
            clicks = Math.addExact(clicks, t.clicks());
            if (t.keys() > 0) {
                spend.put(e.getKey(), t.spendMicros());
            }
        }
        return new DayTotals(keys, impressions, clicks, spend);
    }

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
