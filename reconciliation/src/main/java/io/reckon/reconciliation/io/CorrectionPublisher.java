package io.reckon.reconciliation.io;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.AggregateRowJson;
import io.reckon.schemas.key.CanonicalKey;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Publishes a run's corrections to {@code ad-stats-minute} in ONE Kafka transaction, with the contract's key bytes
 * and Kafka's default partitioner (no explicit partition), so each row lands in the partition Pinot keeps the key's
 * upsert state in.
 *
 * <p>Fencing: the transactional id is per topic and day, and {@link #open} calls {@code initTransactions} when the
 * run STARTS, before anything is read. A second run for the same day bumps the producer epoch: the first run's
 * producer is fenced and can no longer begin or commit a transaction, so two runs for one day never interleave
 * their publications, and a run never publishes a plan computed before a newer run started.
 */
public final class CorrectionPublisher implements ReconcileStores.Corrections {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final String transactionalId;

    private CorrectionPublisher(KafkaProducer<byte[], byte[]> producer, String topic, String transactionalId) {
        this.producer = producer;
        this.topic = topic;
        this.transactionalId = transactionalId;
    }

    /** The transactional id of a day: one per topic and day. */
    public static String transactionalId(String prefix, String topic, String day) {
        return prefix + "-" + topic + "-" + day;
    }

    public static CorrectionPublisher open(String bootstrap, String topic, String transactionalId,
                                           Duration transactionTimeout) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeout.toMillis()));
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new IllegalStateException("cannot initialise Kafka transactions (" + transactionalId + ") at "
                    + bootstrap + ": " + e.getMessage(), e);
        }
        return new CorrectionPublisher(producer, topic, transactionalId);
    }

    /** Sends every row the source yields in one transaction and commits it; returns the number of rows. */
    public long publish(Consumer<Consumer<AggregateRow>> rows) {
        long[] sent = {0};
        try {
            producer.beginTransaction();
            rows.accept(row -> {
                producer.send(new ProducerRecord<>(topic, CanonicalKey.encode(row.key()), AggregateRowJson.encode(row)));
                sent[0]++;
            });
            producer.commitTransaction();
        } catch (RuntimeException e) {
            if (isFenced(e)) {
                throw new IllegalStateException("another reconciliation run for the same day started ("
                        + transactionalId + " was fenced): this run published nothing", e);
            }
            try {
                producer.abortTransaction();
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
        return sent[0];
    }

    private static boolean isFenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    public String transactionalId() {
        return transactionalId;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
