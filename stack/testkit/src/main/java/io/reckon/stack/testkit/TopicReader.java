package io.reckon.stack.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** How the tests read a topic: every record from its beginning up to its end as it is now, in offset order. */
public final class TopicReader {
    public static final String READ_COMMITTED = "read_committed";
    public static final String READ_UNCOMMITTED = "read_uncommitted";

    private TopicReader() {
    }

    /** Every committed record, within a minute. */
    public static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrap, String topic) {
        return readToEnd(bootstrap, topic, READ_COMMITTED, Duration.ofMinutes(1));
    }

    /**
     * Every record up to the end offsets taken at the start, with the given isolation level ({@link #READ_COMMITTED}
     * stops at the last stable offset); fails if that takes longer than {@code within}. Fetches allow records up to
     * 4 MiB (a 1 MiB event is a fault the campaign injects).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrap, String topic, String isolation,
                                                                  Duration within) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + within.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within "
                            + within.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
