package io.reckon.schemas.validation;

import java.time.Duration;

/**
 * The accepted range of {@code event_time} for a record: [record timestamp - 7 days, record timestamp + 5 minutes],
 * both ends inclusive. It is relative to the Kafka record timestamp, which the archive keeps, so the speed layer
 * (now) and the batch layer (later, from the archive) reach the same verdict.
 */
public final class EventTimeWindow {
    public static final Duration MAX_AGE = Duration.ofDays(7);
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private static final long MAX_AGE_MS = MAX_AGE.toMillis();
    private static final long MAX_FUTURE_MS = MAX_FUTURE.toMillis();

    private EventTimeWindow() {
    }

    /** Earliest accepted event_time for a record timestamp (which must be non-negative). */
    public static long earliest(long recordTimestamp) {
        return recordTimestamp - MAX_AGE_MS;
    }

    /** Latest accepted event_time; saturates instead of overflowing near Long.MAX_VALUE. */
    public static long latest(long recordTimestamp) {
        return recordTimestamp > Long.MAX_VALUE - MAX_FUTURE_MS ? Long.MAX_VALUE : recordTimestamp + MAX_FUTURE_MS;
    }

    public static boolean contains(long recordTimestamp, long eventTime) {
        return recordTimestamp >= 0 && eventTime >= earliest(recordTimestamp) && eventTime <= latest(recordTimestamp);
    }

    /** Throws the matching reason when {@code eventTime} is outside the window of a valid record timestamp. */
    static void require(long recordTimestamp, long eventTime) {
        if (eventTime < earliest(recordTimestamp)) {
            throw new ContractViolation(ReasonCode.EVENT_TIME_TOO_OLD, "event_time " + eventTime
                    + " is before " + earliest(recordTimestamp) + ", 7 days before the record timestamp "
                    + recordTimestamp);
        }
        if (eventTime > latest(recordTimestamp)) {
            throw new ContractViolation(ReasonCode.EVENT_TIME_IN_FUTURE, "event_time " + eventTime
                    + " is after " + latest(recordTimestamp) + ", 5 minutes after the record timestamp "
                    + recordTimestamp);
        }
    }
}
