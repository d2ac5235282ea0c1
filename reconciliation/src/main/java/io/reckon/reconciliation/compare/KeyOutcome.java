package io.reckon.reconciliation.compare;

import io.reckon.schemas.aggregate.GrainKey;

/**
 * One key of the full outer comparison.
 *
 * @param exact the exact counts, {@link Counts#ZERO} when the exact result has no row
 * @param pinot Pinot's live row, {@code null} when Pinot has none
 */
public record KeyOutcome(GrainKey key, KeyClass keyClass, Counts exact, PinotRow pinot) {
    public Counts pinotCounts() {
        return pinot == null ? Counts.ZERO : pinot.counts();
    }
}
