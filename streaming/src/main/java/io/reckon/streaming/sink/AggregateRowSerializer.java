package io.reckon.streaming.sink;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.AggregateRowJson;
import io.reckon.schemas.key.CanonicalKey;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An aggregate row as the contract's Kafka record (section 4): key = {@code CanonicalKey} bytes, value =
 * {@code AggregateRowJson}, no explicit partition (Kafka's default partitioner on the key bytes, which is what
 * Pinot's upsert needs), record timestamp = the emission wall clock ({@code updated_at}).
 *
 * <p>A named class on purpose: connector 5.0.0 cannot infer the type of a lambda here.
 */
public final class AggregateRowSerializer implements KafkaRecordSerializationSchema<AggregateRow> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public AggregateRowSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(AggregateRow row, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, row.updatedAt(), CanonicalKey.encode(row.key()),
                AggregateRowJson.encode(row));
    }
}
