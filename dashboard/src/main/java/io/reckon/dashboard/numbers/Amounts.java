package io.reckon.dashboard.numbers;

/** Impressions, clicks and spend in integer micros of one currency; sums overflow loudly, never silently. */
public record Amounts(long impressions, long clicks, long spendMicros) {
    public static final Amounts ZERO = new Amounts(0, 0, 0);

    public Amounts plus(Amounts o) {
        return new Amounts(Math.addExact(impressions, o.impressions), Math.addExact(clicks, o.clicks),
                Math.addExact(spendMicros, o.spendMicros));
    }

    public boolean isZero() {
        return impressions == 0 && clicks == 0 && spendMicros == 0;
    }
}
