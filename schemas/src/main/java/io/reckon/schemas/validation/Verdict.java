package io.reckon.schemas.validation;

import io.reckon.schemas.event.AdEvent;

import java.util.Objects;

/**
 * The outcome of validating one Kafka record: {@link Valid} with the parsed event, or {@link Invalid} with a
 * stable reason code. Both carry what the raw archive needs to place the record (see
 * {@link io.reckon.schemas.archive.ArchivePlacement}).
 */
public sealed interface Verdict permits Verdict.Valid, Verdict.Invalid {

    boolean isValid();

    /**
     * The value's {@code event_time} if it held a JSON integer that fits in a long, whether or not the record is
     * valid; null otherwise (also null when the object had a duplicate member name: then no value is trusted).
     */
    Long parsedEventTime();

    /**
     * True when {@link #parsedEventTime()} is present and inside the record's time window, i.e. the archive can
     * partition the record by it. Always true for a valid record.
     */
    boolean eventTimeUsable();

    /** A valid record. */
    record Valid(AdEvent event) implements Verdict {
        public Valid {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public Long parsedEventTime() {
            return event.eventTime();
        }

        @Override
        public boolean eventTimeUsable() {
            return true;
        }
    }

    /**
     * An invalid record.
     *
     * @param reason  the stable code; the speed and batch layers must agree on it
     * @param message a human explanation; informative only, it may change between releases
     */
    record Invalid(ReasonCode reason, String message, Long parsedEventTime, boolean eventTimeUsable)
            implements Verdict {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            if (eventTimeUsable && parsedEventTime == null) {
                throw new IllegalArgumentException("a usable event time needs a parsed event time");
            }
        }

        @Override
        public boolean isValid() {
            return false;
        }
    }
}
