package io.reckon.streaming.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.schemas.event.AdEventJson;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import io.reckon.streaming.StackClients;
import io.reckon.streaming.TestEvents;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The archive's completeness markers on a MiniCluster against the real Kafka and HiveServer2: an hour is marked
 * complete once the watermark has passed its end plus the grace period although two of three Kafka partitions went
 * idle; when its marker appears, the hour's rows are all readable through HiveServer2 (the marker came after the
 * checkpoint that committed them); an empty hour in between is marked too; a record that arrives for a complete hour
 * is still archived and its day recorded as touched-after-complete.
 */
@ExtendWith(LocalStackExtension.class)
class ArchiveCompletenessITCase {
    private static final long H7 = Instant.parse("2025-11-25T07:00:00Z").toEpochMilli();
    private static final long MIN = 60_000L;

    @Test
    void marksCompleteHoursAfterTheirFilesAndRecordsLateTouches(StackEndpoints stack, @TempDir Path dir)
            throws Exception {
        String bootstrap = stack.kafkaBootstrap();
        String jdbc = stack.hiveJdbcUrl();
        String input = StackEndpoints.uniqueName("it_arch_events");
        String db = StackEndpoints.uniqueName("it_arch_db");
        String table = StackEndpoints.uniqueName("it_arch_raw");
        String qualified = db + "." + table;
        Path locationDir = dir.resolve("raw_ad_events");
        String location = locationDir.toUri().toString().replaceAll("/$", "");
        StackClients.createTopics(bootstrap, Map.of(input, 3));
        StackClients.createArchiveTable(jdbc, stack.get("warehouse.dir"), db, table, location);

        JobOptions options = JobOptions.defaults().withBootstrap(bootstrap).withInputTopic(input)
                .withAggregatesTopic(StackEndpoints.uniqueName("it_arch_stats"))
                .withDeadLetterTopic(StackEndpoints.uniqueName("it_arch_dlq"))
                .withGroupId(StackEndpoints.uniqueName("it_arch_group"))
                .withTransactionalIdPrefix(StackEndpoints.uniqueName("it_arch_tx"))
                .withCheckpointInterval(Duration.ofSeconds(1)).withOutOfOrderness(Duration.ZERO)
                .withIdleness(Duration.ofSeconds(2)).withParallelism(2).withFromEarliest(true)
                .withArchiveLocation(location).withArchiveDatabase(db).withArchiveTable(table)
                .withArchiveGrace(Duration.ofMinutes(1)).withHiveJdbcUrl(jdbc);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        SpeedLayerJob.configure(env, options);
        SpeedLayerJob.buildTopology(env, KafkaConnectors.ingress(options), new DiscardingSink<>(),
                new DiscardingSink<>(), options, s -> s);
        JobClient job = env.executeAsync("archive completeness ITCase");
        Path day = locationDir.resolve("dt=2025-11-25");
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            // Hour 7: 10 valid events on each partition, and one invalid record placed by its record timestamp.
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < 10; i++) {
                    send(producer, input, p, H7 + 10 * MIN + i * 1000L, "a-" + p + "-" + i);
                }
            }
            producer.send(new ProducerRecord<>(input, 2, H7 + 30 * MIN, "junk".getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
            // Only partition 0 moves on, to 09:02: partitions 1 and 2 go idle and must not hold the hour back.
            send(producer, input, 0, H7 + 2 * 60 * MIN + 2 * MIN, "b-0");

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(day.resolve("hr=7/_COMPLETE")));
            assertThat(StackClients.archiveRows(jdbc, qualified, "count(*)", "dt = '2025-11-25' AND hr = '7'"))
                    .as("every row of hour 7 is readable once its marker exists").containsExactly("31");
            assertThat(day.resolve("hr=8/_COMPLETE")).as("the empty hour between").exists();
            assertThat(day.resolve("hr=9/_COMPLETE")).as("09:02 is not past 10:00 + 1 min").doesNotExist();
            JsonNode marker = new ObjectMapper().readTree(Files.readString(day.resolve("hr=7/_COMPLETE")));
            assertThat(marker.get("watermark").asLong()).isGreaterThanOrEqualTo(H7 + 61 * MIN - 1);

            // A record for the complete hour 7: archived all the same, and its day recorded.
            send(producer, input, 1, H7 + 45 * MIN, "late-1");
            Path touched = locationDir.resolve("_touched_after_complete/dt=2025-11-25");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !touchedRows(touched).isEmpty());
            assertThat(touchedRows(touched)).extracting(n -> n.get("hr").asText() + " x" + n.get("records").asLong())
                    .containsExactly("7 x1");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(StackClients.archiveRows(jdbc, qualified, "count(*)",
                            "dt = '2025-11-25' AND hr = '7'")).containsExactly("32"));
            assertThat(StackClients.hiveRows(jdbc, "SHOW PARTITIONS " + qualified))
                    .containsExactlyInAnyOrder("dt=2025-11-25/hr=7", "dt=2025-11-25/hr=9");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
            StackClients.deleteTopics(bootstrap, List.of(input));
            StackClients.dropDatabase(jdbc, db);
        }
    }

    private static List<JsonNode> touchedRows(Path dir) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    rows.add(new ObjectMapper().readTree(line));
                }
            }
        }
        return rows;
    }

    /** A valid impression with this event time; its record timestamp is one second later. */
    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, long eventTime,
                             String id) throws Exception {
        byte[] value = AdEventJson.encode(TestEvents.event(id, false, eventTime, "ad-1", 100));
        producer.send(new ProducerRecord<>(topic, partition, eventTime + 1000, id.getBytes(StandardCharsets.UTF_8),
                value)).get();
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

}
