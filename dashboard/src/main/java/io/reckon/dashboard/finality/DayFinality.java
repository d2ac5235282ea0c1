package io.reckon.dashboard.finality;

import java.time.LocalDate;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A FINAL day as reconciliation recorded it: its newest {@code final_days} row, and the drift its reconciliation run
 * found (Pinot minus exact over the keys that differed, per currency) before correcting it.
 */
public record DayFinality(LocalDate day, long finalVersion, long finalizedAt, boolean forced,
                          SortedMap<String, Drift> driftByCurrency) {
    /** Pinot minus exact over the differing keys of one currency. */
    public record Drift(long differingKeys, long impressions, long clicks, long spendMicros) {
    }

    public DayFinality {
        driftByCurrency = new TreeMap<>(driftByCurrency);
    }
}
