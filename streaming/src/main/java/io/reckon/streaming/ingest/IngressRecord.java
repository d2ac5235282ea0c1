package io.reckon.streaming.ingest;

import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.key.CanonicalKey;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.Verdict;

import java.nio.charset.StandardCharsets;

/**
 * One record of {@code ad-events} exactly as Kafka delivered it (bytes untouched), with where it came from and the
 * verdict of the shared {@link IngressValidator}. A Flink POJO (public fields, no-arg constructor), so it travels
 * with Flink's own serializer, never Kryo.
 *
 * <p>The verdict is computed once, when the record is read ({@link #fromKafka}), because the event-time watermark of
 * each Kafka partition needs a valid record's {@code event_time} right at the source.
 */
public class IngressRecord {
    public String topic;
    public int partition;
    public long offset;
    /** The Kafka record timestamp (CreateTime), epoch ms; negative when the record has none. */
    public long recordTimestamp;
    public byte[] key;
    public byte[] value;

    /** Null when valid, else the {@code ReasonCode} name. */
    public String reason;
    public String message;
    /** The parsed integer event_time where the value has one (valid or not), else null. */
    public Long parsedEventTime;
    public boolean eventTimeUsable;

    /** Set only for valid records. */
    public CountedEvent event;

    public IngressRecord() {
    }

    /** Reads and validates one record with the shared rules. */
    public static IngressRecord fromKafka(String topic, int partition, long offset, long recordTimestamp,
                                          byte[] key, byte[] value) {
        IngressRecord r = new IngressRecord();
        r.topic = topic;
        r.partition = partition;
        r.offset = offset;
        r.recordTimestamp = recordTimestamp;
        r.key = key;
        r.value = value;
        Verdict verdict = IngressValidator.validate(key, value, recordTimestamp);
        r.parsedEventTime = verdict.parsedEventTime();
        r.eventTimeUsable = verdict.eventTimeUsable();
        if (verdict instanceof Verdict.Invalid invalid) {
            r.reason = invalid.reason().name();
            r.message = invalid.message();
        } else {
            r.event = CountedEvent.of(((Verdict.Valid) verdict).event(), partition, offset);
        }
        return r;
    }

    public boolean isValid() {
        return reason == null;
    }

    /** The timestamp the watermarks are built from: event_time when valid; invalid records do not move time. */
    public long eventTimestamp() {
        return event != null ? event.eventTime : Long.MIN_VALUE;
    }

    /** The grain key of a valid event, as canonical key text (used as the Flink key of the window operator). */
    static String grainKeyText(AdEvent event) {
        return new String(CanonicalKey.encode(GrainKey.of(event)), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "IngressRecord{" + topic + '/' + partition + '@' + offset + (isValid() ? " valid" : " " + reason) + '}';
    }
}
