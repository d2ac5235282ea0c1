package io.reckon.reconciliation.compare;

import io.reckon.schemas.time.UtcTime;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** A half-open range [from, to) of window_start values, in epoch milliseconds, whole minutes. */
public record TimeRange(long from, long to) {
    public static final long MINUTE = 60_000L;

    public TimeRange {
        if (from >= to) {
            throw new IllegalArgumentException("empty time range [" + from + ", " + to + ")");
        }
        if (!UtcTime.isMinuteAligned(from) || !UtcTime.isMinuteAligned(to)) {
            throw new IllegalArgumentException("time range [" + from + ", " + to + ") is not minute-aligned");
        }
    }

    /** The billing day: [00:00, next 00:00) UTC. */
    public static TimeRange ofDay(LocalDate day) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return new TimeRange(start, start + 86_400_000L);
    }

    public long minutes() {
        return (to - from) / MINUTE;
    }

    public boolean contains(long windowStart) {
        return windowStart >= from && windowStart < to;
    }

    /** Two halves, split on a minute boundary; only for ranges of two minutes or more. */
    public TimeRange[] halves() {
        if (minutes() < 2) {
            throw new IllegalStateException("a one-minute range cannot be split");
        }
        long mid = from + (minutes() / 2) * MINUTE;
        return new TimeRange[] {new TimeRange(from, mid), new TimeRange(mid, to)};
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
