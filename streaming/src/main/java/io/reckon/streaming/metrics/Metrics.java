package io.reckon.streaming.metrics;

/** Names of the job's own metrics, all under the {@value #GROUP} group of their operator. */
public final class Metrics {
    public static final String GROUP = "reckon";
    public static final String EVENTS_IN = "eventsIn";
    public static final String EVENTS_VALID = "eventsValid";
    public static final String EVENTS_INVALID = "eventsInvalid";
    /** Under a {@code reason=<ReasonCode>} group. */
    public static final String REASON = "reason";
    public static final String EVENTS_INVALID_BY_REASON = "eventsInvalidByReason";
    public static final String DUPLICATES_DROPPED = "duplicatesDropped";
    public static final String LATE_EVENTS = "lateEventsBeyondLateness";
    public static final String WINDOWS_EMITTED = "windowEmissions";

    private Metrics() {
    }
}
