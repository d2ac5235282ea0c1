package io.reckon.streaming.sink;

import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.deadletter.DeadLetters;
import io.reckon.schemas.validation.ReasonCode;
import io.reckon.schemas.validation.Verdict;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.Map;

/**
 * An invalid record as a dead letter (contract section 5): the original key, value and record timestamp byte for
 * byte, the verdict and the origin in {@code reckon.*} headers built by {@code DeadLetters.headers}.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<IngressRecord> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(IngressRecord record, KafkaSinkContext context, Long timestamp) {
        Verdict.Invalid verdict = new Verdict.Invalid(ReasonCode.valueOf(record.reason), record.message,
                record.parsedEventTime, record.eventTimeUsable);
        Map<String, byte[]> headers = DeadLetters.headers(DeadLetters.record(verdict, record.topic, record.partition,
                record.offset, record.recordTimestamp, record.key, record.value, Source.SPEED,
                System.currentTimeMillis()));
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach(kafkaHeaders::add);
        // A record without a timestamp (negative) is sent without one: Kafka then stamps it, as it must.
        Long recordTimestamp = record.recordTimestamp >= 0 ? record.recordTimestamp : null;
        return new ProducerRecord<>(topic, null, recordTimestamp, record.key, record.value, kafkaHeaders);
    }
}
