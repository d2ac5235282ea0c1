package io.reckon.reconciliation.compare;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Whether the exact rows reconciliation read are the batch run's result: as many rows, and the same totals, as the
 * run recorded when it wrote them. A day becomes FINAL only on rows that pass. An interrupted partition swap leaves
 * an empty or partial partition that still names a SUCCEEDED run (or no run at all); without this check an empty
 * partition would zero every Pinot key of the day and be recorded as a FINAL day with zero totals.
 */
public final class TruthCheck {

    /**
     * What a batch run recorded for the partition it wrote (batch_runs); {@code forced}: it, or an earlier run whose
     * hours it kept, ran with --force over hours not marked complete.
     */
    public record Recorded(String batchRunId, long outputRows, long impressions, long clicks,
                           Map<String, Long> spendMicrosByCurrency, boolean forced) {
        public Recorded {
            spendMicrosByCurrency = new TreeMap<>(spendMicrosByCurrency);
        }
    }

    private TruthCheck() {
    }

    /** Why the rows read disagree with what the run recorded; empty when they agree exactly. */
    public static Optional<String> disagreement(Recorded recorded, SortedMap<String, Totals> read) {
        Totals.DayTotals day = Totals.ofDay(read);
        long rows = day.keys();
        long impressions = day.impressions();
        long clicks = day.clicks();
        SortedMap<String, Long> spend = new TreeMap<>(day.spendByCurrency());
        SortedMap<String, Long> recordedSpend = new TreeMap<>(recorded.spendMicrosByCurrency());
        recordedSpend.values().removeIf(v -> v == 0L);
        spend.values().removeIf(v -> v == 0L);
        String was = "batch run " + recorded.batchRunId() + " recorded ";
        if (rows != recorded.outputRows()) {
            return Optional.of("the exact partition holds " + rows + " rows where " + was + recorded.outputRows());
        }
        if (impressions != recorded.impressions() || clicks != recorded.clicks()) {
            return Optional.of("the exact rows sum to " + impressions + " impressions and " + clicks + " clicks where "
                    + was + recorded.impressions() + " and " + recorded.clicks());
        }
        if (!spend.equals(recordedSpend)) {
            return Optional.of("the exact rows' spend per currency is " + spend + " where " + was + recordedSpend);
        }
        return Optional.empty();
    }
}
