package io.reckon.streaming.job;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.definitions.Topics;
import io.reckon.streaming.ingest.IngressDeserializer;
import io.reckon.streaming.ingest.IngressRecord;
import io.reckon.streaming.sink.AggregateRowSerializer;
import io.reckon.streaming.sink.DeadLetterSerializer;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/** The production sources and sinks: Kafka in (read_committed), Kafka out (exactly-once transactions). */
public final class KafkaConnectors {
    private KafkaConnectors() {
    }

    /**
     * {@code ad-events}, read_committed. Without checkpoint state: from the beginning ({@code fromEarliest}), from the
     * given starting offsets (every partition named; beyond the log's range, the beginning), else from the group's
     * committed offsets (earliest when none).
     */
    @SuppressWarnings("deprecation")
    public static KafkaSource<IngressRecord> ingress(JobOptions options) {
        OffsetsInitializer start;
        if (options.fromEarliest()) {
            start = OffsetsInitializer.earliest();
        } else if (options.startingOffsets() != null) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            options.startingOffsets().forEach((p, o) -> offsets.put(new TopicPartition(options.inputTopic(), p), o));
            start = OffsetsInitializer.offsets(offsets, OffsetResetStrategy.EARLIEST);
        } else {
            start = OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
        return KafkaSource.<IngressRecord>builder()
                .setBootstrapServers(options.bootstrap())
                .setTopics(options.inputTopic())
                .setGroupId(options.groupId())
                .setStartingOffsets(start)
                .setDeserializer(new IngressDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("client.id.prefix", options.transactionalIdPrefix() + "-source")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /** {@code ad-stats-minute}: exactly once, keyed by the canonical key. */
    public static KafkaSink<AggregateRow> aggregates(JobOptions options) {
        return KafkaSink.<AggregateRow>builder()
                .setBootstrapServers(options.bootstrap())
                .setRecordSerializer(new AggregateRowSerializer(options.aggregatesTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(options.transactionalIdPrefix() + "-aggregates")
                .setProperty("transaction.timeout.ms", Long.toString(options.transactionTimeout().toMillis()))
                .build();
    }

    /** {@code ad-events-dlq}: exactly once, the original records byte for byte with reckon.* headers. */
    public static KafkaSink<IngressRecord> deadLetters(JobOptions options) {
        return KafkaSink.<IngressRecord>builder()
                .setBootstrapServers(options.bootstrap())
                .setRecordSerializer(new DeadLetterSerializer(options.deadLetterTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(options.transactionalIdPrefix() + "-dead-letters")
                .setProperty("transaction.timeout.ms", Long.toString(options.transactionTimeout().toMillis()))
                // The serializer fits every dead letter to this limit, which the topic's max.message.bytes equals.
                .setProperty("max.request.size", Integer.toString(Topics.AD_EVENTS_DLQ_MAX_MESSAGE_BYTES))
                .build();
    }
}
