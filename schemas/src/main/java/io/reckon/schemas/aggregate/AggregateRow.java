package io.reckon.schemas.aggregate;

import io.reckon.schemas.version.Versions;

import java.util.Objects;

/**
 * One row of {@code ad-stats-minute} / Pinot {@code ad_stats_minute}: the counts of a grain key as one producer
 * saw them, stamped with a version whose range matches its source (see {@link Versions}).
 *
 * <p>An all-zero row means "no events": reconciliation writes one to retract a key that Pinot must not show,
 * because Pinot 0.11 upsert tables cannot delete.
 *
 * @param updatedAt wall-clock epoch milliseconds of the emission
 */
public record AggregateRow(
        GrainKey key,
        long impressions,
        long clicks,
        long spendMicros,
        long version,
        Source source,
        long updatedAt) {

    public AggregateRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        if (impressions < 0 || clicks < 0 || spendMicros < 0) {
            throw new IllegalArgumentException("counts must not be negative: impressions=" + impressions
                    + " clicks=" + clicks + " spend_micros=" + spendMicros);
        }
        if (Versions.sourceOf(version) != source) {
            throw new IllegalArgumentException("version " + version + " is not in the range of source " + source);
        }
    }

    public boolean isZero() {
        return impressions == 0 && clicks == 0 && spendMicros == 0;
    }
}
