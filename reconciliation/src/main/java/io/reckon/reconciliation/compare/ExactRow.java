package io.reckon.reconciliation.compare;

import io.reckon.schemas.aggregate.GrainKey;

/** A row of {@code ad_stats_minute_exact}: the truth for one grain key. */
public record ExactRow(GrainKey key, Counts counts, String batchRunId) {
}
