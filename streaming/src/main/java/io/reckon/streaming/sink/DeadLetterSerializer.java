package io.reckon.streaming.sink;

import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.deadletter.DeadLetters;
import io.reckon.schemas.validation.ReasonCode;
import io.reckon.schemas.validation.Verdict;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.reckon.schemas.definitions.Topics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

import java.util.Map;

/**
 * An invalid record as a dead letter (contract section 5): the original key, value and record timestamp byte for
 * byte, the verdict and the origin in {@code reckon.*} headers built by {@code DeadLetters.headers}. It never builds
 * a record the producer would refuse: such a record would fail the job on the same offset at every restart.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<IngressRecord> {
    private static final long serialVersionUID = 1L;
    /** Room left for the per-record overhead that the size estimate below does not see (varint growth). */
    private static final int SLACK_BYTES = 64;
    private final String topic;
    private final int maxBytes;

    /** For the contract's dead-letter topic: its {@code max.message.bytes}, which the producer's request limit equals. */
    public DeadLetterSerializer(String topic) {
        this(topic, Topics.AD_EVENTS_DLQ_MAX_MESSAGE_BYTES);
    }

    /** @param maxBytes the largest dead letter the topic and the producer accept, as a record batch of one */
    public DeadLetterSerializer(String topic, int maxBytes) {
        this.topic = topic;
        this.maxBytes = maxBytes;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(IngressRecord record, KafkaSinkContext context, Long timestamp) {
        Verdict.Invalid verdict = new Verdict.Invalid(ReasonCode.valueOf(record.reason), record.message,
                record.parsedEventTime, record.eventTimeUsable);
        Map<String, byte[]> headers = DeadLetters.headers(DeadLetters.record(verdict, record.topic, record.partition,
                record.offset, record.recordTimestamp, record.key, record.value, Source.SPEED,
                System.currentTimeMillis()));
        byte[] value = fitted(record.key, record.value, headers);
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach(kafkaHeaders::add);
        // A record without a timestamp (negative) is sent without one: Kafka then stamps it, as it must.
        Long recordTimestamp = record.recordTimestamp >= 0 ? record.recordTimestamp : null;
        return new ProducerRecord<>(topic, null, recordTimestamp, record.key, value, kafkaHeaders);
    }

    /**
     * The value as it can be sent: the original bytes whenever key, value and headers fit {@link #maxBytes} (always,
     * for input from a topic within the contract's limit), else truncated with its length and SHA-256 in the headers.
     * A producer that refused the record would fail the job on the same offset at every restart.
     */
    byte[] fitted(byte[] key, byte[] value, Map<String, byte[]> headers) {
        int size = size(key, value, headers);
        if (value == null || size <= maxBytes) {
            return value;
        }
        // Key and headers are far below the limit: the key came in a record within the input topic's (half as large).
        int keep = Math.max(0, value.length - (size - maxBytes) - DeadLetters.TRUNCATION_HEADER_BYTES - SLACK_BYTES);
        return DeadLetters.truncate(value, keep, headers);
    }

    /** The record's size as a batch of one, as the producer computes it before refusing a record too large. */
    static int size(byte[] key, byte[] value, Map<String, byte[]> headers) {
        Header[] array = headers.entrySet().stream().map(e -> new RecordHeader(e.getKey(), e.getValue()))
                .toArray(Header[]::new);
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                key, value, array);
    }
}
