package io.reckon.reconciliation.plan;

import io.reckon.schemas.version.Versions;

import java.util.OptionalLong;

/**
 * The run sequence of a reconciliation run (its rows carry {@code Versions.batch(sequence)}): one above the highest
 * sequence any earlier run recorded AND above the highest batch version Pinot shows for the day. The second bound
 * covers a run that published and then died before recording itself, so a version is never reused downwards and a
 * correction never lowers a row's version.
 */
public final class VersionChooser {
    private VersionChooser() {
    }

    public static long nextSequence(OptionalLong maxRecordedSequence, OptionalLong maxBatchVersionInPinot) {
        long floor = 0;
        if (maxRecordedSequence.isPresent()) {
            if (maxRecordedSequence.getAsLong() < 0) {
                throw new IllegalArgumentException("recorded run sequence is negative: " + maxRecordedSequence);
            }
            floor = Math.max(floor, maxRecordedSequence.getAsLong());
        }
        if (maxBatchVersionInPinot.isPresent()) {
            floor = Math.max(floor, Versions.runSequenceOf(maxBatchVersionInPinot.getAsLong()));
        }
        if (floor >= Versions.MAX_RUN_SEQUENCE) {
            throw new IllegalStateException("run sequences are exhausted (" + floor + ")");
        }
        return floor + 1;
    }
}
