package io.reckon.stack.testkit;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.AggregateRowJson;
import io.reckon.schemas.key.CanonicalKey;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes aggregate rows to a pipeline's aggregates topic as the speed layer and reconciliation do: in transactions,
 * the canonical key's bytes as the record key, Kafka's default partitioner on it, the row's JSON as the value. Tests
 * and benchmarks seed Pinot's upsert table through it.
 */
public final class AggregatesProducer implements AutoCloseable {
    /** Settings for seeding millions of rows: larger batches, a little linger, lz4. */
    public static final Map<String, String> BULK = Map.of(ProducerConfig.LINGER_MS_CONFIG, "20",
            ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024), ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

    private final KafkaProducer<byte[], byte[]> producer;

    private AggregatesProducer(KafkaProducer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    public static AggregatesProducer open(String bootstrap, String transactionalId) {
        return open(bootstrap, transactionalId, Map.of());
    }

    /** {@code settings}: further producer settings (a benchmark's batching and compression). */
    public static AggregatesProducer open(String bootstrap, String transactionalId, Map<String, String> settings) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        settings.forEach(p::setProperty);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return new AggregatesProducer(producer);
    }

    /** Opens a producer, writes {@code rows} in one transaction, and closes it. */
    public static void publish(String bootstrap, String transactionalId, String topic, List<AggregateRow> rows) {
        try (AggregatesProducer producer = open(bootstrap, transactionalId)) {
            producer.publish(topic, rows);
        }
    }

    /** {@code rows} in one transaction. */
    public void publish(String topic, List<AggregateRow> rows) {
        begin();
        rows.forEach(row -> send(topic, row));
        commit();
    }

    public void begin() {
        producer.beginTransaction();
    }

    /** One row, inside the transaction {@link #begin()} opened. */
    public void send(String topic, AggregateRow row) {
        producer.send(new ProducerRecord<>(topic, CanonicalKey.encode(row.key()), AggregateRowJson.encode(row)));
    }

    public void commit() {
        producer.commitTransaction();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
