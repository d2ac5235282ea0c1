package io.reckon.generator.output;

import io.reckon.generator.traffic.OutgoingRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends to Kafka with one idempotent producer, which keeps every partition in send order even across retries
 * (idempotence allows up to 5 requests in flight without reordering). That makes the generator's send order the
 * offset order the contract calls "earlier", so the ground truth computed in send order is the pipeline's truth.
 * Keys go through the DEFAULT partitioner; only keyless records get an explicit partition.
 */
public final class KafkaRecordSink implements RecordSink {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    /** Fails within 30 s when the broker cannot be reached. */
    public KafkaRecordSink(String bootstrap, String topic, int expectedPartitions) throws IOException {
        this(bootstrap, topic, expectedPartitions, Duration.ofSeconds(30));
    }

    /**
     * {@code brokerTimeout}: how long a send may block on the broker (metadata, a full buffer) and how long it may
     * take to be acknowledged, retries included (never less than Kafka's default 2 min for the latter).
     */
    public KafkaRecordSink(String bootstrap, String topic, int expectedPartitions, Duration brokerTimeout)
            throws IOException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "reckon-generator");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(brokerTimeout.toMillis(), Integer.MAX_VALUE));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.min(Math.max(brokerTimeout.toMillis(), Duration.ofMinutes(2).toMillis()), Integer.MAX_VALUE));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
        this.topic = topic;
        int actual = producer.partitionsFor(topic).size();
        if (actual != expectedPartitions) {
            producer.close(Duration.ZERO);
            throw new IOException("topic " + topic + " has " + actual + " partitions, expected " + expectedPartitions
                    + " (--partitions): the ground truth's partition order would not match");
        }
    }

    @Override
    public void write(OutgoingRecord record, int partition, boolean explicitPartition, long partitionSeq)
            throws IOException {
        failIfAnySendFailed();
        producer.send(new ProducerRecord<>(topic, explicitPartition ? partition : null, record.timestamp(),
                record.key(), record.value()), (metadata, exception) -> {
            if (exception != null) {
                firstFailure.compareAndSet(null, exception);
            }
        });
    }

    @Override
    public void close() throws IOException {
        try {
            producer.flush();
        } finally {
            producer.close();
        }
        failIfAnySendFailed();
    }

    private void failIfAnySendFailed() throws IOException {
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IOException("sending to " + topic + " failed; the ground truth is NOT written", failure);
        }
    }
}
