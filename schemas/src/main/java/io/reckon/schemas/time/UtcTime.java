package io.reckon.schemas.time;

import java.time.LocalDate;

/**
 * The contract's time buckets, all in UTC and all by floor division (correct for times before 1970 too):
 * the aggregate minute, the billing day, and the archive's dt/hr partition values.
 */
public final class UtcTime {
    public static final long MINUTE_MS = 60_000L;
    public static final long HOUR_MS = 3_600_000L;
    public static final long DAY_MS = 86_400_000L;

    private UtcTime() {
    }

    /** window_start: the epoch millisecond floored to the UTC minute. */
    public static long minuteFloor(long epochMillis) {
        return Math.floorDiv(epochMillis, MINUTE_MS) * MINUTE_MS;
    }

    public static boolean isMinuteAligned(long epochMillis) {
        return Math.floorMod(epochMillis, MINUTE_MS) == 0;
    }

    /** The billing day of an event_time: its UTC date. */
    public static LocalDate utcDate(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, DAY_MS));
    }

    /** Partition value dt: ISO date {@code YYYY-MM-DD} of the UTC day. */
    public static String dt(long epochMillis) {
        return utcDate(epochMillis).toString();
    }

    /**
     * Partition value hr: the UTC hour WITHOUT zero padding ("0".."23"). Unpadded on purpose: a padded and an
     * unpadded folder for the same hour once registered as two partitions and double-counted the hour.
     */
    public static String hr(long epochMillis) {
        return Long.toString(Math.floorMod(epochMillis, DAY_MS) / HOUR_MS);
    }

    /** First millisecond of a UTC day. */
    public static long startOfDay(LocalDate day) {
        return day.toEpochDay() * DAY_MS;
    }
}
