package io.reckon.reconciliation.plan;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.KeyOutcome;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.version.Versions;

import java.util.Optional;

/**
 * The batch row reconciliation publishes for a key, if any: the exact values for a missing or differing key, an
 * all-zero row for an extra key (Pinot 0.11 cannot delete), and the same values re-stamped with the batch version for
 * a matching key that still carries a speed version. A key already at the exact value with a batch version gets
 * nothing.
 */
public final class CorrectionPlanner {
    private CorrectionPlanner() {
    }

    public static Optional<AggregateRow> plan(KeyOutcome outcome, long batchVersion, long updatedAt) {
        if (!outcome.keyClass().needsCorrection()) {
            return Optional.empty();
        }
        return Optional.of(row(outcome.key(), outcome.exact(), outcome.pinot() == null ? -1 : outcome.pinot().version(),
                batchVersion, updatedAt));
    }

    /**
     * The batch row for a key that needs one: the exact counts (all zero for an extra key) at {@code batchVersion},
     * which must be above the version Pinot showed ({@code -1}: no row), so a correction never lowers a version.
     */
    public static AggregateRow row(GrainKey key, Counts exact, long pinotVersionBefore, long batchVersion,
                                   long updatedAt) {
        if (!Versions.isBatch(batchVersion)) {
            throw new IllegalArgumentException(batchVersion + " is not a batch version");
        }
        if (pinotVersionBefore >= batchVersion) {
            throw new IllegalStateException("Pinot's row for " + key + " has version " + pinotVersionBefore
                    + ", not below " + batchVersion + ": a correction must raise it");
        }
        return new AggregateRow(key, exact.impressions(), exact.clicks(), exact.spendMicros(), batchVersion,
                Source.BATCH, updatedAt);
    }
}
