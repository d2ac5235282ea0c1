package io.reckon.streaming;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.AggregateRowJson;
import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.event.AdEventJson;
import io.reckon.schemas.event.EventType;
import io.reckon.stack.testkit.TopicReader;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import io.reckon.streaming.job.RetainedCheckpoints;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bin/reckon stream} restarted, on MiniClusters against the real Kafka broker: a second start resumes from the
 * first run's newest retained checkpoint by itself, so a record for a window the first run had already emitted
 * complete goes down the late path instead of opening a partial window whose smaller total would overwrite the
 * complete row. A start with {@code --fresh} shows what that prevents: the partial row does appear.
 */
@ExtendWith(LocalStackExtension.class)
class StreamMainResumeITCase {
    private static final long M = Instant.parse("2025-11-20T10:00:00Z").toEpochMilli();
    private static final long MIN = 60_000L;

    @Test
    void aRestartResumesTheNewestCheckpointSoAnEmittedWindowIsNotReopened(StackEndpoints stack, @TempDir Path dir)
            throws Exception {
        String bootstrap = stack.kafkaBootstrap();
        String input = StackEndpoints.uniqueName("it_resume_events");
        String stats = StackEndpoints.uniqueName("it_resume_stats");
        String dlq = StackEndpoints.uniqueName("it_resume_dlq");
        // one partition and parallelism 1: records reach the window operator in produce order
        StackClients.createTopics(bootstrap, Map.of(input, 1, stats, 1, dlq, 1));
        String checkpoints = dir.resolve("checkpoints").toUri().toString();
        String group = StackEndpoints.uniqueName("it_resume_group");
        String[] args = {"--bootstrap", bootstrap, "--input-topic", input, "--aggregates-topic", stats,
            "--dlq-topic", dlq, "--group-id", group,
            "--transactional-id-prefix", StackEndpoints.uniqueName("it_resume_tx"), "--checkpoint-dir", checkpoints,
            "--checkpoint-interval", "1s", "--early-firing", "0", "--lateness", "0", "--out-of-orderness", "0",
            "--parallelism", "1", "--no-archive", "--prometheus-port", "0"};
        List<JobClient> jobs = new java.util.ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            // run 1: three impressions of ad-1 in minute M, then time moves on and M is emitted complete
            send(producer, input, "a1", "ad-1", M + 1_000);
            send(producer, input, "a2", "ad-1", M + 2_000);
            send(producer, input, "a3", "ad-1", M + 3_000);
            send(producer, input, "a4", "ad-2", M + 5 * MIN);
            StreamMain first = parse(args);
            JobClient run1 = first.start(dir);
            jobs.add(run1);
            assertThat(first.resumedFrom).as("nothing to resume yet").isNull();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> impressions(bootstrap, stats, "ad-1", M).contains(3L));
            // a checkpoint taken after the row was committed holds the window operator's watermark floor
            long seenAt = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> RetainedCheckpoints.latest(checkpoints)
                            .filter(c -> c.writtenAt() > seenAt + 1_000).isPresent());
            run1.cancel().get(60, TimeUnit.SECONDS);
            first.ended.get(60, TimeUnit.SECONDS);  // the checkpoint directory is free again

            // run 2, resumed: a late ad-1 record for M, then ad-3 in two later minutes so that 10:10 is emitted
            send(producer, input, "b1", "ad-1", M + 40_000);
            send(producer, input, "b2", "ad-3", M + 10 * MIN);
            send(producer, input, "b3", "ad-3", M + 20 * MIN);
            StreamMain second = parse(args);
            JobClient run2 = second.start(dir);
            jobs.add(run2);
            assertThat(second.resumedFrom).as("resumed from run 1's checkpoint").isNotNull();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !impressions(bootstrap, stats, "ad-3", M + 10 * MIN).isEmpty());
            assertThat(impressions(bootstrap, stats, "ad-1", M)).as("every ad-1 row of minute M").containsOnly(3L);
            // the source commits its offsets to the consumer group at each checkpoint: a fresh start begins there
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> committedOffset(bootstrap, group, input), offset -> offset == 7L);
            run2.cancel().get(60, TimeUnit.SECONDS);
            second.ended.get(60, TimeUnit.SECONDS);

            // run 3 with --fresh: what resuming prevents. Empty state, from the committed offsets: the late record
            // opens minute M again and its smaller total is emitted over the complete row
            send(producer, input, "c1", "ad-1", M + 50_000);
            send(producer, input, "c2", "ad-4", M + 30 * MIN);
            send(producer, input, "c3", "ad-4", M + 40 * MIN);
            StreamMain third = parse(Stream.concat(Arrays.stream(args), Stream.of("--fresh")).toArray(String[]::new));
            JobClient run3 = third.start(dir);
            jobs.add(run3);
            assertThat(third.resumedFrom).isNull();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> impressions(bootstrap, stats, "ad-1", M).stream().anyMatch(n -> n < 3));
            run3.cancel().get(60, TimeUnit.SECONDS);
            third.ended.get(60, TimeUnit.SECONDS);
        } finally {
            for (JobClient job : jobs) {
                try {
                    job.cancel().get(60, TimeUnit.SECONDS);
                } catch (Exception alreadyEnded) {
                    // cancelled above, or failed
                }
            }
            StackClients.deleteTopics(bootstrap, List.of(input, stats, dlq));
        }
    }

    /**
     * A start without checkpoint state where the consumer group's committed offsets run past the archive (the source
     * committed them, the file sink's files of that checkpoint never became visible), and the archive has a gap below
     * its highest offset (one file of the checkpoint published, another not): it begins at the gap, so the records
     * from there reach the archive. Before, it began at the committed offsets and the archive, and with it the batch
     * layer, never saw them.
     */
    @Test
    void aStartWithoutStateBeginsAtTheArchivesFirstGapNotAtTheCommittedOffsets(StackEndpoints stack,
                                                                                         @TempDir Path dir)
            throws Exception {
        String bootstrap = stack.kafkaBootstrap();
        String input = StackEndpoints.uniqueName("it_gap_events");
        String stats = StackEndpoints.uniqueName("it_gap_stats");
        String dlq = StackEndpoints.uniqueName("it_gap_dlq");
        StackClients.createTopics(bootstrap, Map.of(input, 1, stats, 1, dlq, 1));
        String db = StackEndpoints.uniqueName("it_gap_db");
        String location = dir.resolve("raw_ad_events").toUri().toString().replaceAll("/$", "");
        StackClients.createArchiveTable(stack.hiveJdbcUrl(), stack.get("warehouse.dir"), db, "raw_ad_events",
                location);
        String group = StackEndpoints.uniqueName("it_gap_group");
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (int i = 0; i < 10; i++) {
                send(producer, input, "g" + i, "ad-1", M + i * 1_000L);
            }
        }
        // What the crash left: files with offsets 0-5 visible but for 3 (a file of that checkpoint not published),
        // the group's offsets committed up to 10.
        java.util.List<io.reckon.streaming.ingest.IngressRecord> archived = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readToEnd(bootstrap, input)) {
            if (r.offset() <= 5 && r.offset() != 3) {
                archived.add(io.reckon.streaming.ingest.IngressRecord.fromKafka(input, r.partition(), r.offset(),
                        r.timestamp(), r.key(), r.value()));
            }
        }
        assertThat(archived).hasSize(5);
        Path file = dir.resolve("raw_ad_events/dt=2025-11-20/hr=10/part-crashed-0-0.parquet");
        java.nio.file.Files.createDirectories(file.getParent());
        try (org.apache.flink.core.fs.FSDataOutputStream out = org.apache.flink.core.fs.FileSystem.getLocalFileSystem()
                .create(new org.apache.flink.core.fs.Path(file.toUri()),
                        org.apache.flink.core.fs.FileSystem.WriteMode.NO_OVERWRITE)) {
            var writer = new io.reckon.streaming.archive.RawArchiveWriterFactory().create(out);
            for (var r : archived) {
                writer.addElement(r);
            }
            writer.finish();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(input, 0), new OffsetAndMetadata(10)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        assertThat(committedOffset(bootstrap, group, input)).isEqualTo(10);

        StreamMain main = parse("--bootstrap", bootstrap, "--input-topic", input, "--aggregates-topic", stats,
                "--dlq-topic", dlq, "--group-id", group,
                "--transactional-id-prefix", StackEndpoints.uniqueName("it_gap_tx"),
                "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(), "--checkpoint-interval", "1s",
                "--parallelism", "1", "--prometheus-port", "0", "--archive-location", location,
                "--archive-database", db, "--hive-jdbc-url", stack.hiveJdbcUrl(), "--fresh");
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        JobClient job;
        System.setOut(new java.io.PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            job = main.start(dir);
        } finally {
            System.setOut(stdout);
        }
        try {
            System.out.print(said);
            assertThat(said.toString(StandardCharsets.UTF_8)).contains("--fresh: starting with empty state at the "
                    + "archive's end (p0 @3 (not archived);");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> io.reckon.streaming.archive.ArchivedOffsets.scan(location).highestByPartition()
                            .get(0), highest -> highest == 9L);
            io.reckon.streaming.archive.ArchivedOffsets.Scan scan = io.reckon.streaming.archive.ArchivedOffsets
                    .scan(location);
            assertThat(scan.rows()).as("0-2 and 4-5 archived before, 3-9 read again from the gap").isEqualTo(12);
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
            main.ended.get(60, TimeUnit.SECONDS);
            StackClients.deleteTopics(bootstrap, List.of(input, stats, dlq));
            StackClients.dropDatabase(stack.hiveJdbcUrl(), db);
        }
    }

    private static StreamMain parse(String... args) {
        StreamMain main = new StreamMain();
        StreamMain.commandLine(main).parseArgs(args);  // as bin/reckon stream parses them
        return main;
    }

    /** The impressions of every committed row of (ad, window_start), in the order they were written. */
    private static List<Long> impressions(String bootstrap, String topic, String ad, long windowStart) {
        return TopicReader.readToEnd(bootstrap, topic).stream()
                .map(r -> AggregateRowJson.decode(r.value()))
                .filter(row -> row.key().adId().equals(ad) && row.key().windowStart() == windowStart)
                .map(AggregateRow::impressions).toList();
    }

    /** The consumer group's committed offset of the topic's only partition, -1 if none. */
    private static long committedOffset(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
            return committed == null ? -1 : committed.offset();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String id, String ad, long time)
            throws Exception {
        byte[] value = AdEventJson.encode(new AdEvent(id, EventType.IMPRESSION, time, "adv-it", "cmp-it", ad, 1_000,
                "USD", null));
        producer.send(new ProducerRecord<>(topic, null, time, id.getBytes(StandardCharsets.UTF_8), value)).get();
    }
}
