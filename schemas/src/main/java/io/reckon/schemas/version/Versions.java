package io.reckon.schemas.version;

import io.reckon.schemas.aggregate.Source;

/**
 * The layout of the Pinot upsert comparison column {@code version} (a signed 64-bit long):
 *
 * <pre>
 *   0 .. 2^62 - 1          speed versions: the emission wall-clock time in epoch milliseconds
 *   2^62 .. 2^63 - 1       batch versions: 2^62 + reconciliation run sequence
 * </pre>
 *
 * Every speed version is below every batch version, so once reconciliation has written a row no speed firing can
 * replace it. Speed versions keep rising across job restarts because wall-clock time does (guarded against small
 * clock steps by {@link #nextSpeed}); batch versions rise because every run takes a higher sequence than all
 * earlier runs. Wall-clock millis stay below 2^62 until the year 146 million.
 */
public final class Versions {
    /** 2^62: the smallest batch version. */
    public static final long BATCH_BASE = 1L << 62;
    /** The largest run sequence that still fits: 2^62 - 1. */
    public static final long MAX_RUN_SEQUENCE = Long.MAX_VALUE - BATCH_BASE;

    private Versions() {
    }

    /** The speed version for an emission at {@code wallClockMillis}. */
    public static long speed(long wallClockMillis) {
        if (wallClockMillis < 0 || wallClockMillis >= BATCH_BASE) {
            throw new IllegalArgumentException("speed version must be in [0, 2^62), got " + wallClockMillis);
        }
        return wallClockMillis;
    }

    /**
     * The version of a row's next speed firing: the wall clock, but strictly above the row's previous version
     * even if the clock stepped back (so each firing of a window replaces the last one).
     */
    public static long nextSpeed(long previousVersion, long wallClockMillis) {
        if (previousVersion >= BATCH_BASE - 1) {
            throw new IllegalArgumentException("previous version " + previousVersion + " is not a speed version");
        }
        return speed(Math.max(previousVersion + 1, wallClockMillis));
    }

    /** The version of every row written by reconciliation run {@code runSequence}. */
    public static long batch(long runSequence) {
        if (runSequence < 0 || runSequence > MAX_RUN_SEQUENCE) {
            throw new IllegalArgumentException("run sequence must be in [0, 2^62 - 1], got " + runSequence);
        }
        return BATCH_BASE + runSequence;
    }

    public static boolean isBatch(long version) {
        return version >= BATCH_BASE;
    }

    /** The source a version belongs to. Negative versions belong to nobody. */
    public static Source sourceOf(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, got " + version);
        }
        return isBatch(version) ? Source.BATCH : Source.SPEED;
    }

    public static long runSequenceOf(long batchVersion) {
        if (!isBatch(batchVersion)) {
            throw new IllegalArgumentException(batchVersion + " is not a batch version");
        }
        return batchVersion - BATCH_BASE;
    }
}
