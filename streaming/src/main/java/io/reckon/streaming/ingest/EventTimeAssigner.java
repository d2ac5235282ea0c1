package io.reckon.streaming.ingest;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * Event time of a record: a valid event's {@code event_time}. Invalid records get {@code Long.MIN_VALUE}, so they
 * never move a watermark (their times are not trustworthy); they are not windowed anyway.
 */
public final class EventTimeAssigner implements SerializableTimestampAssigner<IngressRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public long extractTimestamp(IngressRecord record, long recordTimestamp) {
        return record.eventTimestamp();
    }
}
