package io.reckon.generator.stack;

import io.reckon.generator.output.EventsFile;
import io.reckon.generator.output.SentRecord;
import io.reckon.schemas.definitions.Topics;
import io.reckon.stack.provision.KafkaTopics;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the generator sends to a real broker is exactly what its events file (and so its ground truth) says:
 * same records, same partitions, same order within each partition, same record timestamps.
 */
@ExtendWith(LocalStackExtension.class)
class GeneratorToKafkaITCase {

    @TempDir
    Path out;

    @Test
    void kafkaHoldsExactlyTheEventsFileInPartitionOrder(StackEndpoints stack) throws Exception {
        String topic = StackEndpoints.uniqueName("gen_events");
        int partitions = Topics.AD_EVENTS_PARTITIONS;
        try (KafkaTopics topics = new KafkaTopics(stack.kafkaBootstrap())) {
            topics.ensure(topic, partitions, Map.of("retention.ms", "-1"));
        }

        int rc = new CommandLine(new io.reckon.generator.GeneratorMain()).execute("generate", "--out", out.toString(),
                "--count", "5000", "--seed", "11", "--day", "2025-11-25", "--bootstrap", stack.kafkaBootstrap(),
                "--topic", topic, "--progress", "never");
        assertThat(rc).isZero();

        List<List<SentRecord>> expected = IntStream.range(0, partitions).mapToObj(p -> (List<SentRecord>) new ArrayList<SentRecord>()).toList();
        EventsFile.read(out.resolve(EventsFile.NAME), r -> expected.get(r.partition()).add(r));
        assertThat(expected.stream().mapToInt(List::size).sum()).isEqualTo(5000);

        List<List<ConsumerRecord<byte[], byte[]>>> actual = readEverything(stack, topic, partitions);
        for (int p = 0; p < partitions; p++) {
            List<SentRecord> want = expected.get(p);
            List<ConsumerRecord<byte[], byte[]>> got = actual.get(p);
            assertThat(got).as("records in partition %d", p).hasSize(want.size());
            for (int i = 0; i < want.size(); i++) {
                SentRecord w = want.get(i);
                ConsumerRecord<byte[], byte[]> g = got.get(i);
                assertThat(g.offset()).isEqualTo(w.partitionSeq());
                assertThat(g.timestamp()).isEqualTo(w.timestamp());
                assertThat(Arrays.equals(g.key(), w.key())).as("key at %d/%d", p, g.offset()).isTrue();
                assertThat(Arrays.equals(g.value(), w.value())).as("value at %d/%d", p, g.offset()).isTrue();
            }
        }
    }

    private static List<List<ConsumerRecord<byte[], byte[]>>> readEverything(StackEndpoints stack, String topic, int partitions) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<List<ConsumerRecord<byte[], byte[]>>> byPartition =
                IntStream.range(0, partitions).mapToObj(i -> (List<ConsumerRecord<byte[], byte[]>>) new ArrayList<ConsumerRecord<byte[], byte[]>>()).toList();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(i -> new TopicPartition(topic, i)).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> byPartition.get(r.partition()).add(r));
            }
        }
        return byPartition;
    }
}
