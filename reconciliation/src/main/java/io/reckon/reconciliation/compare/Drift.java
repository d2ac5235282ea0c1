package io.reckon.reconciliation.compare;

/**
 * How far Pinot was from the exact result over a set of differing keys: the signed net difference
 * (Pinot − exact; positive means dashboards over-counted) and the absolute difference (which cannot cancel out).
 * Amounts of different currencies are never added together: a Drift is kept per currency.
 */
public final class Drift {
    private long keys;
    private long impressions;
    private long clicks;
    private long spendMicros;
    private long absImpressions;
    private long absClicks;
    private long absSpendMicros;

    public void add(KeyOutcome outcome) {
        Counts e = outcome.exact();
        Counts p = outcome.pinotCounts();
        keys++;
        long di = Math.subtractExact(p.impressions(), e.impressions());
        long dc = Math.subtractExact(p.clicks(), e.clicks());
        long ds = Math.subtractExact(p.spendMicros(), e.spendMicros());
        impressions = Math.addExact(impressions, di);
        clicks = Math.addExact(clicks, dc);
        spendMicros = Math.addExact(spendMicros, ds);
        absImpressions = Math.addExact(absImpressions, Math.abs(di));
        absClicks = Math.addExact(absClicks, Math.abs(dc));
        absSpendMicros = Math.addExact(absSpendMicros, Math.abs(ds));
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

    public long absImpressions() {
        return absImpressions;
    }

    public long absClicks() {
        return absClicks;
    }

    public long absSpendMicros() {
        return absSpendMicros;
    }

    public boolean isZero() {
        return keys == 0;
    }

    @Override
    public String toString() {
        return "keys=" + keys + " impressions=" + impressions + " clicks=" + clicks + " spend_micros=" + spendMicros
                + " (absolute: " + absImpressions + "/" + absClicks + "/" + absSpendMicros + ")";
    }
}
