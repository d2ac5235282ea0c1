package io.reckon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.generator.truth.TruthFiles;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.Verdict;
import io.reckon.schemas.version.Versions;
import io.reckon.stack.demo.DayNumbers;
import io.reckon.stack.demo.EndToEndDemo;
import io.reckon.stack.demo.ReckonCommands;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short CI variant of the fault campaign (issue #14): one seeded schedule of two days of troubled traffic
 * produced live into a pipeline of its own, under faults injected from outside (signals), then driven to FINAL by
 * reckon's own commands as an operator would, and checked against the generator's exact ground truth.
 *
 * <p>Faults: SIGKILL of the speed layer at random moments (each followed by a plain {@code bin/reckon stream}, which
 * resumes its newest checkpoint); the Kafka broker and HiveServer2 stopped (SIGSTOP) for seconds while traffic flows;
 * a record as large as the input topic takes and a burst of random bytes; a batch SIGKILLed inside its partition
 * swap followed by a reconcile before the batch is re-run; a reconcile SIGKILLed after publishing; two reconciles of
 * one day at once. {@code -Dreckon.chaos.seed=N} replays a schedule; {@code -Dreckon.chaos.kills} and
 * {@code -Dreckon.chaos.rate} make it longer (the campaign, {@code bench/chaos/run.sh}).
 *
 * <p>Invariants: every Kafka position of the input is in the archive and nothing else is; the exact table equals the
 * ground truth key by key; Pinot equals it with batch versions only; no key's version goes down among the committed
 * aggregate records; every FINAL row recorded equals the day's truth; the billing export equals it and its SHA-256
 * verifies; every invalid record is in the dead-letter table exactly once with its reason; nothing is left running.
 */
@ExtendWith(LocalStackExtension.class)
class ChaosITCase {
    private static final int COUNT = 3000;
    /** Speed-layer kills per schedule: a few in CI, 20 and more in the campaign (bench/chaos/run.sh). */
    private static final int KILLS = Integer.getInteger("reckon.chaos.kills", 6);
    /** Records per second: about 10 s a day in CI, so the kills fall while it flows; slower with more kills. */
    private static final int RATE = Integer.getInteger("reckon.chaos.rate", 300);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> started = new ArrayList<>();
    private Random random;
    private StackEndpoints pipeline;
    private io.reckon.schemas.definitions.PipelineNames names;
    private ReckonCommands reckon;
    private final Map<String, Integer> faults = new TreeMap<>();

    @Test
    void aSeededScheduleOfFaultsLeavesEveryDayFinalAndExact(StackEndpoints stack) throws Exception {
        long seed = Long.getLong("reckon.chaos.seed", 14);
        random = new Random(seed);
        pipeline = stack.newPipeline("chaos");
        EndToEndDemo demo = new EndToEndDemo(pipeline.home(), pipeline.dataDir(), System.out);
        reckon = demo.commands();
        names = demo.names();
        LocalDate d1 = LocalDate.now(ZoneOffset.UTC).minusDays(6);
        LocalDate d2 = d1.plusDays(1);
        Path work = pipeline.dataDir().resolve("chaos");
        System.out.printf("[chaos] seed %d, days %s and %s, pipeline %s%n", seed, d1, d2, pipeline.namespace());
        Instant t0 = Instant.now();
        try {
            // 1. Traffic produced live while the speed layer is killed and restarted, and engines are stopped.
            Process stream = startStream(0);
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                demo.generateDay("chaos-d1", d1, COUNT, RATE, seed * 10, work.resolve("d1"));
                oversizedAndGarbage(stack, d1);
                demo.generateDay("chaos-d2", d2, COUNT, RATE, seed * 10 + 1, work.resolve("d2"));
            });
            int restarts = 0;
            while (!traffic.isDone() || restarts < KILLS) {
                awaitLog("stream-" + restarts, "running; Ctrl-C cancels it", Duration.ofMinutes(2));
                sleep(500 + random.nextInt(4_000));  // anywhere in the checkpoint cycle (2 s)
                // Each kind at least twice: the broker while records and transactions are in flight, HiveServer2
                // while partitions are being registered.
                switch (restarts % 3) {
                    case 1 -> pause(stack, "kafka", Duration.ofSeconds(2 + random.nextInt(3)));
                    case 2 -> pause(stack, "hiveserver2", Duration.ofSeconds(3 + random.nextInt(5)));
                    default -> { }
                }
                sleep(random.nextInt(2_000));
                stream.destroyForcibly();  // SIGKILL
                stream.waitFor(30, TimeUnit.SECONDS);
                count("speed layer SIGKILL");
                restarts++;
                stream = startStream(restarts);
            }
            traffic.get(1, TimeUnit.MINUTES);
            // Traffic of the next day while the last restart runs, as it always flows in production: watermarks are
            // not checkpointed, so a restarted job marks hours complete only once new records move its event time.
            awaitLog("stream-" + restarts, "running; Ctrl-C cancels it", Duration.ofMinutes(2));
            demo.generateNextDayStart("chaos-d3", d2.plusDays(1), seed * 10 + 2, work.resolve("d3"));
            demo.awaitArchiveComplete(d1, Duration.ofMinutes(5));
            demo.awaitArchiveComplete(d2, Duration.ofMinutes(5));
            stream.destroy();
            assertThat(stream.waitFor(60, TimeUnit.SECONDS)).as("the speed layer stops on SIGTERM").isTrue();
            System.out.printf("[chaos] traffic in, archive complete: %.0f s%n", seconds(t0));

            // 2. Day 1: a batch run, then a second one killed inside its partition swap, and a reconcile before the
            // batch is re-run: whatever the swap left (the old partition, none, or rows of a run never recorded as
            // SUCCEEDED), it either refuses or makes the day FINAL on rows the invariants below find exact.
            require("chaos-batch-d1-first", "batch", "--date", d1.toString());
            Process batch = reckon.start("chaos-batch-d1-killed", "batch", "--date", d1.toString());
            started.add(batch);
            awaitLog("chaos-batch-d1-killed", "(4/7)", Duration.ofMinutes(5));
            sleep(random.nextInt(1_500));
            batch.destroyForcibly();
            batch.waitFor(30, TimeUnit.SECONDS);
            count("batch SIGKILL in the swap");
            int early = reckon.run("chaos-reconcile-d1-early", Duration.ofMinutes(5), "reconcile", "--date",
                    d1.toString());
            String earlyLog = Files.readString(reckon.log("chaos-reconcile-d1-early"));
            assertThat(early == 0 ? earlyLog.contains(" is FINAL at version ") : earlyLog.contains("stays open: "))
                    .as("FINAL on what the swap left, or refused; " + reckon.log("chaos-reconcile-d1-early")).isTrue();
            require("chaos-batch-d1", "batch", "--date", d1.toString());
            // A reconcile killed after fencing or after publishing (the seed chooses), then run again. A day the early
            // reconcile made FINAL on the same rows has nothing to publish: then the kill falls after fencing.
            Process killed = reckon.start("chaos-reconcile-d1-killed", "reconcile", "--date", d1.toString());
            started.add(killed);
            boolean afterPublishing = random.nextBoolean();
            awaitLog("chaos-reconcile-d1-killed", afterPublishing ? "published " : "fenced earlier runs",
                    "nothing to publish", Duration.ofMinutes(5));
            killed.destroyForcibly();
            killed.waitFor(30, TimeUnit.SECONDS);
            count(Files.readString(reckon.log("chaos-reconcile-d1-killed")).contains("published ")
                    ? "reconcile SIGKILL after publishing" : "reconcile SIGKILL after fencing");
            require("chaos-reconcile-d1", "reconcile", "--date", d1.toString());

            // 3. Day 2: two reconciles at once; whichever is refused, the day ends FINAL.
            require("chaos-batch-d2", "batch", "--date", d2.toString());
            Process a = reckon.start("chaos-reconcile-d2-a", "reconcile", "--date", d2.toString());
            Process b = reckon.start("chaos-reconcile-d2-b", "reconcile", "--date", d2.toString());
            started.add(a);
            started.add(b);
            count("two reconciles at once");
            assertThat(a.waitFor(5, TimeUnit.MINUTES) && b.waitFor(5, TimeUnit.MINUTES)).isTrue();
            long refused = List.of("chaos-reconcile-d2-a", "chaos-reconcile-d2-b").stream().filter(n -> {
                try {
                    return Files.readString(reckon.log(n)).contains(" is being processed by reconcile run ");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).count();
            // Usually one is refused by the day's lease; on a loaded machine one JVM may start only once the other
            // has finished (the refusal itself is asserted in ReconcileITCase). Never both refused.
            assertThat(refused).as("reconciles refused of two started at once").isLessThanOrEqualTo(1);
            if (refused == 1) {
                count("reconcile refused by the lease");
            }
            if (reckon.run("chaos-verify-d2", Duration.ofMinutes(5), "reconcile", "--date", d2.toString(),
                    "--verify-final") != 0) {
                require("chaos-reconcile-d2", "reconcile", "--date", d2.toString());
            }
            for (LocalDate d : List.of(d1, d2)) {
                require("chaos-export-" + d, "export", "--date", d.toString());
            }
            System.out.printf("[chaos] both days FINAL: %.0f s; faults %s%n", seconds(t0), faults);

            // 4. The invariants.
            Path[] truthFiles = List.of("d1", "d2", "d3").stream()
                    .map(d -> work.resolve(d).resolve("truth").resolve(TruthFiles.ROWS)).toArray(Path[]::new);
            Path[] billingFiles = List.of("d1", "d2", "d3").stream()
                    .map(d -> work.resolve(d).resolve("truth").resolve(TruthFiles.BILLING)).toArray(Path[]::new);
            try (Connection hive = DriverManager.getConnection(stack.hiveJdbcUrl() + ";socketTimeout=60000",
                    "chaos", "")) {
                assertArchiveHoldsEveryPositionAndNothingElse(hive, stack);
                for (LocalDate d : List.of(d1, d2)) {
                    DayNumbers truth = EndToEndDemo.truth(d, truthFiles);
                    assertThat(truth.rows()).hasSizeGreaterThan(100);
                    assertThat(exactRows(hive, d)).as("exact table vs truth, " + d).containsOnlyKeys(truth.rows().keySet())
                            .allSatisfy((k, v) -> assertThat(v).as(k).containsExactly(truth.rows().get(k)));
                    DayNumbers pinot = demo.pinot().read(d);
                    assertThat(pinot.differingKeys(truth)).as("Pinot vs truth, " + d).isZero();
                    assertThat(pinot.versions().values()).as("Pinot holds batch versions only, " + d)
                            .allMatch(Versions::isBatch);
                    assertEveryFinalEqualsTheTruth(hive, d, truth);
                    assertExportEqualsTheTruth(d, billingFiles);
                }
                assertDeadLettersOncePerInvalidRecord(hive, stack);
            }
            assertVersionsNeverGoDown(stack);
            System.out.printf("[chaos] seed %d: every invariant holds, %.0f s in all; faults %s%n", seed, seconds(t0),
                    faults);
        } finally {
            for (Process p : started) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            for (Process p : started) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(started).as("nothing left running").noneMatch(Process::isAlive);
    }

    // ---- faults ----

    private Process startStream(int n) {
        // Not --fresh: after a SIGKILL an operator starts it again, and it resumes from its newest checkpoint.
        Process p = reckon.start("stream-" + n, "stream", "--dedup-ttl", "1h", "--lateness", "1m", "--early-firing",
                "2s", "--checkpoint-interval", "2s", "--idleness", "5s", "--archive-grace", "1m", "--report-interval",
                "30s", "--prometheus-port", "0", "--parallelism", "2");
        started.add(p);
        return p;
    }

    /** SIGSTOP a component of the stack for a while, then SIGCONT. */
    private void pause(StackEndpoints stack, String component, Duration howLong) {
        try {
            long pid = Long.parseLong(Files.readString(stack.stackDataDir().resolve("run")
                    .resolve(component + ".pid")).trim());
            signal("STOP", pid);
            try {
                sleep(howLong.toMillis());
            } finally {
                signal("CONT", pid);
            }
            count(component + " SIGSTOP");
        } catch (IOException e) {
            throw new AssertionError("no pid of " + component, e);
        }
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("kill -" + signal + " " + pid, e);
        }
    }

    /** A record as large as the input topic accepts and a burst of random bytes, all invalid. */
    private void oversizedAndGarbage(StackEndpoints stack, LocalDate day) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1_048_588);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        long at = day.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] big = new byte[1_048_588 - 200];
            random.nextBytes(big);
            producer.send(new ProducerRecord<>(names.eventsTopic(), null, at,
                    "chaos-big".getBytes(StandardCharsets.UTF_8), big)).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 50; i++) {
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                producer.send(new ProducerRecord<>(names.eventsTopic(), null, at + i,
                        ("chaos-garbage-" + i).getBytes(StandardCharsets.UTF_8), garbage));
            }
            producer.flush();
            count("1 MiB record");
            count("burst of invalid bytes");
        } catch (Exception e) {
            throw new AssertionError("producing the oversized and garbage records", e);
        }
    }

    private void count(String fault) {
        synchronized (faults) {
            faults.merge(fault, 1, Integer::sum);
        }
    }

    // ---- invariants ----

    /** Every position of the input topic is in the archive (at least once), and the archive holds no other. */
    private void assertArchiveHoldsEveryPositionAndNothingElse(Connection hive, StackEndpoints stack)
            throws Exception {
        Map<String, Integer> archived = new HashMap<>();
        try (Statement st = hive.createStatement();
             ResultSet rs = st.executeQuery("SELECT kafka_partition, kafka_offset FROM " + names
                     .hiveDatabase() + ".raw_ad_events")) {
            while (rs.next()) {
                archived.merge(rs.getInt(1) + "@" + rs.getLong(2), 1, Integer::sum);
            }
        }
        List<String> inKafka = input(stack).stream().map(r -> r.partition() + "@" + r.offset()).toList();
        assertThat(archived.keySet()).as("archive positions = Kafka positions").containsExactlyInAnyOrderElementsOf(
                inKafka);
        long repeated = archived.values().stream().filter(n -> n > 1).count();
        System.out.printf("[chaos] archive: %,d positions, %,d archived more than once%n", inKafka.size(), repeated);
    }

    /** Every invalid record of the input is in the dead-letter table exactly once, with the verdict's reason. */
    private void assertDeadLettersOncePerInvalidRecord(Connection hive, StackEndpoints stack) throws Exception {
        List<String> expected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : input(stack)) {
            if (IngressValidator.validate(r.key(), r.value(), r.timestamp()) instanceof Verdict.Invalid invalid) {
                expected.add(r.partition() + "@" + r.offset() + " " + invalid.reason());
            }
        }
        assertThat(expected).as("invalid records in the traffic").hasSizeGreaterThan(50);
        List<String> actual = new ArrayList<>();
        try (Statement st = hive.createStatement();
             ResultSet rs = st.executeQuery("SELECT kafka_partition, kafka_offset, reason FROM "
                     + names.hiveDatabase() + ".ad_events_dead_letter")) {
            while (rs.next()) {
                actual.add(rs.getInt(1) + "@" + rs.getLong(2) + " " + rs.getString(3));
            }
        }
        assertThat(actual).as("dead letters in Hive, each once").containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The exact table's rows of the day, keyed as {@link DayNumbers} keys them (all-zero rows left out). */
    private Map<String, long[]> exactRows(Connection hive, LocalDate day) throws Exception {
        Map<String, long[]> rows = new TreeMap<>();
        try (Statement st = hive.createStatement();
             ResultSet rs = st.executeQuery("SELECT advertiser_id, campaign_id, ad_id, currency, window_start, "
                     + "impressions, clicks, spend_micros FROM " + names.hiveDatabase() + ".ad_stats_minute_exact WHERE dt = '"
                     + day + "'")) {
            while (rs.next()) {
                long[] v = {rs.getLong(6), rs.getLong(7), rs.getLong(8)};
                if (v[0] != 0 || v[1] != 0 || v[2] != 0) {
                    rows.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
                            + "|" + rs.getLong(5), v);
                }
            }
        }
        return rows;
    }

    /** Every FINAL row ever recorded for the day (superseded ones too) has the day's true totals. */
    private void assertEveryFinalEqualsTheTruth(Connection hive, LocalDate day, DayNumbers truth) throws Exception {
        long[] t = new long[2];
        Map<String, Long> spend = new TreeMap<>();
        truth.rows().forEach((k, v) -> {
            t[0] += v[0];
            t[1] += v[1];
            spend.merge(k.split("\\|")[3], v[2], Long::sum);
        });
        int finals = 0;
        try (Statement st = hive.createStatement();
             ResultSet rs = st.executeQuery("SELECT final_version, total_impressions, total_clicks, spend_micros_by_currency FROM "
                     + names.hiveDatabase() + ".final_days WHERE dt = '" + day + "'")) {
            while (rs.next()) {
                finals++;
                assertThat(new long[] {rs.getLong(2), rs.getLong(3)}).as("FINAL " + rs.getLong(1) + " of " + day)
                        .containsExactly(t[0], t[1]);
                Map<String, Long> recorded = new TreeMap<>();
                JSON.readTree(rs.getString(4)).fields().forEachRemaining(e -> recorded.put(e.getKey(),
                        e.getValue().asLong()));
                assertThat(recorded).as("FINAL spend of " + day).isEqualTo(spend);
            }
        }
        assertThat(finals).as("FINAL rows of " + day).isPositive();
    }

    /** The export of the current FINAL: the generator's billing truth of the day, and its manifest's SHA-256. */
    private void assertExportEqualsTheTruth(LocalDate day, Path[] billingFiles) throws Exception {
        List<String> expected = BillingTruth.lines(day, List.of(billingFiles));
        Path dir = pipeline.dataDir().resolve("exports").resolve("billing").resolve(day.toString());
        List<Path> manifests;
        try (var files = Files.list(dir)) {
            manifests = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(manifests).isNotEmpty();
        JsonNode manifest = JSON.readTree(manifests.get(manifests.size() - 1).toFile());
        Path csv = dir.resolve(manifests.get(manifests.size() - 1).getFileName().toString()
                .replaceFirst("\\.json$", ".csv"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(csv))))
                .as("the manifest's SHA-256").isEqualTo(manifest.path("sha256").asText());
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.subList(1, lines.size()).stream().sorted().toList()).as("export of " + day)
                .isEqualTo(expected);
    }

    /** Among the committed aggregate records, no key's version goes down in offset order. */
    private void assertVersionsNeverGoDown(StackEndpoints stack) {
        Map<String, Long> last = new HashMap<>();
        long records = 0;
        for (ConsumerRecord<byte[], byte[]> r : read(stack, names.aggregatesTopic())) {
            try {
                JsonNode row = JSON.readTree(r.value());
                String key = r.partition() + "/" + new String(r.key(), StandardCharsets.UTF_8);
                long version = row.path("version").asLong();
                Long before = last.put(key, version);
                assertThat(before == null || version >= before).as("version of " + key + " at offset " + r.offset()
                        + ": " + before + " -> " + version).isTrue();
                records++;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(records).isPositive();
    }

    private List<ConsumerRecord<byte[], byte[]>> input(StackEndpoints stack) {
        return read(stack, names.eventsTopic());
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(StackEndpoints stack, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("reading " + topic + " to its end").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    // ---- helpers ----

    private void require(String name, String... args) {
        assertThat(reckon.run(name, Duration.ofMinutes(10), args)).as("bin/reckon " + String.join(" ", args)
                + "; see " + reckon.log(name)).isZero();
    }

    private void awaitLog(String name, String text, Duration timeout) {
        awaitLog(name, text, text, timeout);
    }

    /** Until the command's log has {@code text} or {@code orElse}. */
    private void awaitLog(String name, String text, String orElse, Duration timeout) {
        await(timeout, () -> {
            try {
                String log = Files.exists(reckon.log(name)) ? Files.readString(reckon.log(name)) : "";
                return log.contains(text) || log.contains(orElse);
            } catch (IOException e) {
                return false;
            }
        }, "'" + text + "' in " + reckon.log(name));
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + timeout + " for " + what).isLessThan(deadline);
            sleep(200);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
