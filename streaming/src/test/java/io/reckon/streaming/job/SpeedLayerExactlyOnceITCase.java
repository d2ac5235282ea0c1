package io.reckon.streaming.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.reckon.generator.Generation;
import io.reckon.generator.output.EventsFile;
import io.reckon.generator.output.KafkaRecordSink;
import io.reckon.generator.output.RecordSink;
import io.reckon.generator.output.SentRecord;
import io.reckon.generator.traffic.Shares;
import io.reckon.generator.traffic.TrafficConfig;
import io.reckon.generator.truth.GroundTruth;
import io.reckon.generator.truth.Totals;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.AggregateRowJson;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.archive.ArchivePlacement;
import io.reckon.schemas.deadletter.DeadLetters;
import io.reckon.schemas.definitions.Topics;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.Verdict;
import io.reckon.stack.testkit.TopicReader;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import io.reckon.streaming.StackClients;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The speed layer end to end on a Flink MiniCluster against the real local Kafka and Pinot: generator traffic with
 * duplicates, late and invalid records; a failure injected after some checkpoints, mid-transaction; automatic
 * restart from the last checkpoint. Then Pinot equals the generator's ground truth exactly (no double counting),
 * a read_uncommitted reader sees the aborted extras, the DLQ holds every invalid record exactly once with its
 * reason, and the raw archive, read back through HiveServer2, holds every record exactly once in its contract
 * partition, with complete hours marked and very late records recorded as touched-after-complete.
 */
@ExtendWith(LocalStackExtension.class)
class SpeedLayerExactlyOnceITCase {
    private static final long START = Instant.parse("2025-11-25T10:00:00Z").toEpochMilli();
    private static final long END = START + Duration.ofMinutes(20).toMillis();
    /**
     * Rows compared with the truth: windows from 5 minutes before the first record timestamp on. Fresh and
     * out-of-order events (at most 2 min behind) all fall here and are inside the allowed lateness; very late events
     * (2-6 h behind) never do: the speed layer drops them as late, or, before the first watermark, counts them in
     * rows outside this range.
     */
    private static final long DOMAIN_START = START - Duration.ofMinutes(5).toMillis();

    @Test
    void countsExactlyOnceAcrossAFailureAndDeadLettersEveryInvalidRecord(StackEndpoints stack, @TempDir Path dir)
            throws Exception {
        String bootstrap = stack.kafkaBootstrap();
        String input = StackEndpoints.uniqueName("it_events");
        String aggregates = StackEndpoints.uniqueName("it_stats");
        String dlq = StackEndpoints.uniqueName("it_dlq");
        String table = StackEndpoints.uniqueName("it_ad_stats");
        StackClients.createTopics(bootstrap, Map.of(input, 4, aggregates, 4, dlq, 1));
        StackClients.createPinotTable(stack.pinotControllerUrl(), table, aggregates, bootstrap);
        String archiveDb = StackEndpoints.uniqueName("it_db");
        String archiveTable = StackEndpoints.uniqueName("it_raw");
        String archiveLocation = dir.resolve("raw_ad_events").toUri().toString().replaceAll("/$", "");
        StackClients.createArchiveTable(stack.hiveJdbcUrl(), stack.get("warehouse.dir"), archiveDb, archiveTable,
                archiveLocation);
        FailOnceAfterCheckpoints.reset();

        JobOptions options = JobOptions.defaults().withBootstrap(bootstrap)
                .withInputTopic(input).withAggregatesTopic(aggregates).withDeadLetterTopic(dlq)
                .withGroupId(StackEndpoints.uniqueName("it_group"))
                .withTransactionalIdPrefix(StackEndpoints.uniqueName("it_tx"))
                .withCheckpointInterval(Duration.ofSeconds(3)).withEarlyFiringPeriod(Duration.ofSeconds(1))
                .withAllowedLateness(Duration.ofMinutes(5)).withOutOfOrderness(Duration.ofSeconds(10))
                .withIdleness(Duration.ofSeconds(5)).withDedupTtl(Duration.ofHours(1))
                .withParallelism(2).withFromEarliest(true)
                .withArchiveLocation(archiveLocation).withArchiveDatabase(archiveDb).withArchiveTable(archiveTable)
                .withArchiveGrace(Duration.ofMinutes(1)).withHiveJdbcUrl(stack.hiveJdbcUrl());

        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "1 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        SpeedLayerJob.configure(env, options);
        SpeedLayerJob.buildTopology(env, KafkaConnectors.ingress(options),
                KafkaConnectors.aggregates(options), KafkaConnectors.deadLetters(options), options,
                stream -> stream.map(new FailOnceAfterCheckpoints(), TypeInformation.of(IngressRecord.class))
                        .name("inject one failure"));
        JobClient job = env.executeAsync("speed layer exactly-once ITCase");
        try {
            // Paced traffic (about 15 s) so that checkpoints, early firings and the failure happen while it flows.
            TrafficConfig traffic = new TrafficConfig(2025, 12_000, START, END, 4, 2, 3, 1.1, 1_000,
                    List.of("USD", "EUR"), 0.03, Shares.DEFAULT, Duration.ofHours(2), Duration.ofMinutes(2),
                    Duration.ofHours(2));
            List<RecordSink> sinks = List.of(new KafkaRecordSink(bootstrap, input, 4),
                    new EventsFile(dir.resolve(EventsFile.NAME)));
            GroundTruth truth = new Generation(traffic, 4, 800).run(sinks, dir.resolve("truth"));
            assertThat(truth.duplicates()).as("the traffic has duplicates").isPositive();
            assertThat(truth.invalid()).as("the traffic has invalid records").isPositive();

            Map<GrainKey, String> expected = new TreeMap<>();
            for (Map.Entry<GrainKey, Totals> row : truth.rows().entrySet()) {
                if (row.getKey().windowStart() >= DOMAIN_START) {
                    Totals t = row.getValue();
                    expected.put(row.getKey(), t.impressions() + "i/" + t.clicks() + "c/" + t.spendMicros());
                }
            }
            assertThat(expected).hasSizeGreaterThan(50);

            String sql = "SELECT advertiser_id, campaign_id, ad_id, currency, window_start, impressions, clicks, "
                    + "spend_micros FROM " + table + " WHERE window_start >= " + DOMAIN_START + " LIMIT 1000000";
            AtomicLong polls = new AtomicLong();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .untilAsserted(() -> {
                        polls.incrementAndGet();
                        assertThat(pinot(stack, sql)).isEqualTo(expected);
                    });
            assertThat(FailOnceAfterCheckpoints.FAILED.get()).as("the failure was injected").isTrue();
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).as("and the job recovered")
                    .isEqualTo(JobStatus.RUNNING);

            // The transactions mattered: records of the aborted transaction are in the log, invisible to
            // read_committed readers (Pinot among them).
            List<ConsumerRecord<byte[], byte[]>> uncommitted = TopicReader.readToEnd(bootstrap, aggregates,
                    TopicReader.READ_UNCOMMITTED, Duration.ofMinutes(1));
            List<ConsumerRecord<byte[], byte[]>> committed = TopicReader.readToEnd(bootstrap, aggregates);
            Set<String> committedRows = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : committed) {
                committedRows.add(describe(AggregateRowJson.decode(r.value())));
            }
            List<String> aborted = uncommitted.stream().map(r -> describe(AggregateRowJson.decode(r.value())))
                    .filter(row -> !committedRows.contains(row)).toList();
            assertThat(aborted).as("aborted extras seen by read_uncommitted").isNotEmpty();

            assertDeadLetters(bootstrap, dlq, dir.resolve(EventsFile.NAME), truth);
            assertArchive(stack.hiveJdbcUrl(), archiveDb + "." + archiveTable, Path.of(java.net.URI.create(
                    archiveLocation)), dir.resolve(EventsFile.NAME));
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
            StackClients.dropPinotTable(stack.pinotControllerUrl(), table);
            StackClients.deleteTopics(bootstrap, List.of(input, aggregates, dlq));
            StackClients.dropDatabase(stack.hiveJdbcUrl(), archiveDb);
        }
    }

    /**
     * A record as large as the contract's input topic accepts becomes a dead letter byte for byte (before, the
     * dead-letter producer refused it, the job restarted on the same offset until it gave up), and the job goes on
     * counting the records behind it.
     */
    @Test
    void anInputRecordAsLargeAsTheTopicAcceptsIsDeadLetteredByteForByteAndTheJobGoesOn(StackEndpoints stack)
            throws Exception {
        String bootstrap = stack.kafkaBootstrap();
        String input = StackEndpoints.uniqueName("it_big_events");
        String aggregates = StackEndpoints.uniqueName("it_big_stats");
        String dlq = StackEndpoints.uniqueName("it_big_dlq");
        StackClients.createContractTopics(bootstrap, Map.of(Topics.AD_EVENTS, input, Topics.AD_STATS_MINUTE,
                aggregates, Topics.AD_EVENTS_DLQ, dlq));
        JobOptions options = JobOptions.defaults().withBootstrap(bootstrap)
                .withInputTopic(input).withAggregatesTopic(aggregates).withDeadLetterTopic(dlq)
                .withGroupId(StackEndpoints.uniqueName("it_big_group"))
                .withTransactionalIdPrefix(StackEndpoints.uniqueName("it_big_tx"))
                .withCheckpointInterval(Duration.ofSeconds(2)).withEarlyFiringPeriod(Duration.ofSeconds(1))
                .withIdleness(Duration.ofSeconds(2)).withParallelism(1).withFromEarliest(true);
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "2");
        conf.setString("restart-strategy.fixed-delay.delay", "1 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        JobClient job = SpeedLayerJob.onKafka(options).executeAsync(env);
        try {
            long now = System.currentTimeMillis();
            byte[] bigKey = "e-big".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            // Incompressible, and as large as a batch of one may be on the input topic (its max.message.bytes).
            byte[] bigValue = new byte[Topics.AD_EVENTS_MAX_MESSAGE_BYTES - 200];
            new java.util.Random(1).nextBytes(bigValue);
            String valid = "{\"event_id\":\"e-after\",\"event_type\":\"click\",\"event_time\":" + now
                    + ",\"advertiser_id\":\"adv-1\",\"campaign_id\":\"cmp-1\",\"ad_id\":\"ad-1\","
                    + "\"cost_micros\":250000,\"currency\":\"USD\"}";
            assertThat(IngressValidator.validate("e-after".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    valid.getBytes(java.nio.charset.StandardCharsets.UTF_8), now))
                    .as("the record behind it is valid").isInstanceOf(Verdict.Valid.class);
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("max.request.size", Integer.toString(Topics.AD_EVENTS_DLQ_MAX_MESSAGE_BYTES));
            p.put("compression.type", "none");
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(p,
                    new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(input, 0, now, bigKey,
                        bigValue)).get(30, TimeUnit.SECONDS);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(input, 0, now,
                        "e-after".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        valid.getBytes(java.nio.charset.StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> {
                        List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readToEnd(bootstrap, dlq);
                        assertThat(letters).hasSize(1);
                        assertThat(letters.get(0).key()).isEqualTo(bigKey);
                        assertThat(letters.get(0).value()).as("byte for byte").isEqualTo(bigValue);
                        assertThat(letters.get(0).headers().lastHeader(DeadLetters.HEADER_REASON).value())
                                .asString().isEqualTo("VALUE_TOO_LARGE");
                        assertThat(letters.get(0).headers().lastHeader(DeadLetters.HEADER_VALUE_LENGTH))
                                .as("not truncated").isNull();
                    });
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(TopicReader.readToEnd(bootstrap, aggregates))
                            .extracting(r -> AggregateRowJson.decode(r.value()).clicks())
                            .as("the record behind the large one is counted").contains(1L));
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
            StackClients.deleteTopics(bootstrap, List.of(input, aggregates, dlq));
        }
    }

    /**
     * The archive, read back through HiveServer2 (hive-jdbc), holds every produced record exactly once: the same
     * count per Kafka partition and the same set of (partition, offset), each in the dt/hr partition the contract's
     * ArchivePlacement gives it. Hours the watermark passed (+ grace) are marked complete, the hour still open is
     * not, and very late records (2-6 h behind) that came after their hour was complete are recorded.
     */
    private static void assertArchive(String jdbcUrl, String table, Path location, Path eventsFile)
            throws Exception {
        Map<String, String> expected = new TreeMap<>();
        Map<Integer, Long> expectedPerPartition = new TreeMap<>();
        EventsFile.read(eventsFile, (SentRecord sent) -> {
            ArchivePlacement placement = ArchivePlacement.of(
                    IngressValidator.validate(sent.key(), sent.value(), sent.timestamp()), sent.timestamp());
            expected.put(sent.partition() + "/" + sent.partitionSeq(), placement.dt() + "/" + placement.hr());
            expectedPerPartition.merge(sent.partition(), 1L, Long::sum);
        });
        List<String> rows = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .untilAsserted(() -> {
                    rows.clear();
                    rows.addAll(StackClients.archiveRows(jdbcUrl, table, "kafka_partition, kafka_offset, dt, hr",
                            null));
                    assertThat(rows).hasSizeGreaterThanOrEqualTo(expected.size());
                });
        Map<String, String> actual = new TreeMap<>();
        Map<Integer, Long> perPartition = new TreeMap<>();
        for (String row : rows) {
            String[] f = row.split(" ");
            String previous = actual.put(f[0] + "/" + f[1], f[2] + "/" + f[3]);
            assertThat(previous).as("archived once: " + f[0] + "/" + f[1]).isNull();
            perPartition.merge(Integer.parseInt(f[0]), 1L, Long::sum);
        }
        assertThat(perPartition).as("count per Kafka partition").isEqualTo(expectedPerPartition);
        assertThat(actual).as("(partition, offset) -> dt/hr").isEqualTo(expected);

        // Completeness: the traffic's event times are 10:00-10:20 on 2025-11-25 and the grace is 1 minute, so
        // hour 9 is complete and hour 10 is not; very late events went to hours 4-8 of the same day.
        Path day = location.resolve("dt=2025-11-25");
        Set<String> partitionsWithRows = new HashSet<>(expected.values());
        List<Integer> earlierHoursWithRows = new ArrayList<>();
        for (int hr = 0; hr < 10; hr++) {
            if (partitionsWithRows.contains("2025-11-25/" + hr)) {
                earlierHoursWithRows.add(hr);
            }
        }
        assertThat(earlierHoursWithRows).as("very late events").isNotEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int hr : earlierHoursWithRows) {
                assertThat(day.resolve("hr=" + hr).resolve("_COMPLETE")).as("hour " + hr).exists();
            }
        });
        assertThat(day.resolve("hr=10").resolve("_COMPLETE")).as("the open hour").doesNotExist();
        Path touched = location.resolve("_touched_after_complete").resolve("dt=2025-11-25");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(touched).isDirectoryContaining(
                p -> p.getFileName().toString().endsWith(".json")));
        List<String> registered = StackClients.hiveRows(jdbcUrl, "SHOW PARTITIONS " + table);
        assertThat(registered).as("every partition with rows is registered, unpadded")
                .containsAll(partitionsWithRows.stream().map(p -> "dt=" + p.replace("/", "/hr=")).toList());
    }

    private static String describe(AggregateRow row) {
        return row.key() + "=" + row.impressions() + "/" + row.clicks() + "/" + row.spendMicros() + "@" + row.version();
    }

    private static Map<GrainKey, String> pinot(StackEndpoints stack, String sql) throws Exception {
        Map<GrainKey, String> rows = new TreeMap<>();
        for (JsonNode r : StackClients.pinotRows(stack.pinotBrokerUrl(), sql)) {
            GrainKey key = new GrainKey(r.get(0).asText(), r.get(1).asText(), r.get(2).asText(), r.get(3).asText(),
                    r.get(4).longValue());
            String previous = rows.put(key, r.get(5).longValue() + "i/" + r.get(6).longValue() + "c/"
                    + r.get(7).longValue());
            assertThat(previous).as("one live row per key in Pinot: " + key).isNull();
        }
        return rows;
    }

    /** The DLQ holds every invalid record of the traffic exactly once, with its source position and reason. */
    private static void assertDeadLetters(String bootstrap, String dlq, Path eventsFile, GroundTruth truth)
            throws Exception {
        List<String> expected = new ArrayList<>();
        EventsFile.read(eventsFile, (SentRecord sent) -> {
            Verdict verdict = IngressValidator.validate(sent.key(), sent.value(), sent.timestamp());
            if (verdict instanceof Verdict.Invalid invalid) {
                expected.add(sent.partition() + "/" + sent.partitionSeq() + " " + invalid.reason());
            }
        });
        assertThat((long) expected.size()).isEqualTo(truth.invalid());
        List<String> actual = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readToEnd(bootstrap, dlq)) {
            Map<String, byte[]> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value());
            }
            var letter = DeadLetters.fromKafka(r.key(), r.value(), r.timestamp(), headers);
            actual.add(letter.getKafkaPartition() + "/" + letter.getKafkaOffset() + " " + letter.getReason());
            assertThat(letter.getDetectedBy()).isEqualTo("speed");
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Throws once, after at least two checkpoints completed and long enough after the last one that early firings
     * have written into the open transaction. Static state: the MiniCluster runs in this JVM.
     */
    static final class FailOnceAfterCheckpoints extends RichMapFunction<IngressRecord, IngressRecord>
            implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicLong LAST_CHECKPOINT_ID = new AtomicLong();
        static final AtomicLong LAST_CHECKPOINT_AT = new AtomicLong();

        static void reset() {
            FAILED.set(false);
            LAST_CHECKPOINT_ID.set(0);
            LAST_CHECKPOINT_AT.set(0);
        }

        @Override
        public IngressRecord map(IngressRecord record) {
            if (!FAILED.get() && LAST_CHECKPOINT_ID.get() >= 2
                    && System.currentTimeMillis() - LAST_CHECKPOINT_AT.get() > 1_500
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure (test)");
            }
            return record;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            LAST_CHECKPOINT_ID.accumulateAndGet(checkpointId, Math::max);
            LAST_CHECKPOINT_AT.set(System.currentTimeMillis());
        }
    }
}
