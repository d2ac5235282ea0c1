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
    public static final String ARCHIVE_PARTITIONS_REGISTERED = "archivePartitionsRegistered";
    public static final String ARCHIVE_HOURS_MARKED = "archiveHoursMarkedComplete";
    public static final String ARCHIVE_TOUCHED_AFTER_COMPLETE = "archiveRecordsAfterComplete";
    /** Epoch ms: every archive hour starting before it is marked (or about to be) complete. */
    public static final String ARCHIVE_COMPLETE_BEFORE = "archiveCompleteBefore";

    /**
     * Gauge: the checkpoint the job resumed from whose pre-committed aggregates and dead letters the broker had aborted
     * (the outage outlasted the transaction timeout); 0 when nothing was lost.
     */
    public static final String LOST_OUTPUT_CHECKPOINT = "restoreLostOutputOfCheckpoint";

    private Metrics() {
    }
}
