package io.reckon.e2e;

import io.reckon.schemas.aggregate.GrainKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.schemas.deadletter.DeadLetters;
import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.Verdict;
import io.reckon.demo.DayNumbers;
import io.reckon.stack.testkit.TopicReader;
import io.reckon.stack.testkit.StackEndpoints;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault campaign's invariants (issue #14), all exact, checked against Kafka, Hive, Pinot and the export files of
 * one pipeline after a schedule has converged.
 */
final class ChaosInvariants {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackEndpoints stack;
    private final PipelineNames names;
    private final Path dataDir;

    ChaosInvariants(StackEndpoints stack, PipelineNames names, Path dataDir) {
        this.stack = stack;
        this.names = names;
        this.dataDir = dataDir;
    }

    /**
     * Every position of the input topic is in the archive (at least once), and the archive holds no other; returns
     * how many positions were archived more than once.
     */
    long archiveHoldsEveryPositionAndNothingElse(Connection hive) throws Exception {
        Map<String, Integer> archived = new HashMap<>();
        try (Statement st = hive.createStatement();
             ResultSet rs = st.executeQuery("SELECT kafka_partition, kafka_offset FROM " + names.hiveDatabase()
                     + ".raw_ad_events")) {
            while (rs.next()) {
                archived.merge(rs.getInt(1) + "@" + rs.getLong(2), 1, Integer::sum);
            }
        }
        List<String> inKafka = read(names.eventsTopic()).stream().map(r -> r.partition() + "@" + r.offset()).toList();
        assertThat(archived.keySet()).as("archive positions = Kafka positions")
                .containsExactlyInAnyOrderElementsOf(inKafka);
        long repeated = archived.values().stream().filter(n -> n > 1).count();
        System.out.printf("[chaos] archive: %,d positions, %,d archived more than once%n", inKafka.size(), repeated);
        return repeated;
    }

    /** The exact table equals the truth key by key (all-zero rows left out, as {@link DayNumbers} leaves them). */
    void exactTableEqualsTheTruth(Connection hive, LocalDate day, DayNumbers truth) throws Exception {
        Map<GrainKey, long[]> rows = new TreeMap<>(GrainKey.ORDER);
        try (Statement st = hive.createStatement();
             ResultSet rs = st.executeQuery("SELECT advertiser_id, campaign_id, ad_id, currency, window_start, "
                     + "impressions, clicks, spend_micros FROM " + names.hiveDatabase()
                     + ".ad_stats_minute_exact WHERE dt = '" + day + "'")) {
            while (rs.next()) {
                long[] v = {rs.getLong(6), rs.getLong(7), rs.getLong(8)};
                if (v[0] != 0 || v[1] != 0 || v[2] != 0) {
                    rows.put(new GrainKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5)), v);
                }
            }
        }
        assertThat(rows).as("exact table vs truth, " + day).containsOnlyKeys(truth.rows().keySet())
                .allSatisfy((k, v) -> assertThat(v).as(k.toString()).containsExactly(truth.rows().get(k)));
    }

    /** Every FINAL row ever recorded for the day (superseded ones too) has the day's true totals. */
    void everyFinalEqualsTheTruth(Connection hive, LocalDate day, DayNumbers truth) throws Exception {
        long[] t = new long[2];
        Map<String, Long> spend = new TreeMap<>();
        truth.rows().forEach((k, v) -> {
            t[0] += v[0];
            t[1] += v[1];
            spend.merge(k.currency(), v[2], Long::sum);
        });
        int finals = 0;
        try (Statement st = hive.createStatement();
             ResultSet rs = st.executeQuery("SELECT final_version, total_impressions, total_clicks, "
                     + "spend_micros_by_currency FROM " + names.hiveDatabase() + ".final_days WHERE dt = '" + day
                     + "'")) {
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

    /**
     * The exports of the day: the newest is the generator's billing truth of the day, and every one still matches its
     * manifest's SHA-256 (no version rewritten).
     */
    void exportEqualsTheTruth(LocalDate day, List<Path> billingFiles) throws Exception {
        List<String> expected = BillingTruth.lines(day, billingFiles);
        Path dir = dataDir.resolve("exports").resolve("billing").resolve(day.toString());
        List<Path> manifests;
        try (Stream<Path> files = Files.list(dir)) {
            manifests = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(manifests).as("billing exports of " + day).isNotEmpty();
        Path csv = null;
        for (Path manifest : manifests) {
            csv = dir.resolve(manifest.getFileName().toString().replaceFirst("\\.json$", ".csv"));
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(csv))))
                    .as("the SHA-256 of " + manifest).isEqualTo(JSON.readTree(manifest.toFile()).path("sha256")
                            .asText());
        }
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.subList(1, lines.size()).stream().sorted().toList()).as("export of " + day)
                .isEqualTo(expected);
    }

    /** The invalid records of the input, as "partition@offset REASON", by the one validator every layer uses. */
    List<String> invalidRecords() {
        List<String> expected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : read(names.eventsTopic())) {
            if (IngressValidator.validate(r.key(), r.value(), r.timestamp()) instanceof Verdict.Invalid invalid) {
                expected.add(r.partition() + "@" + r.offset() + " " + invalid.reason());
            }
        }
        assertThat(expected).as("invalid records in the traffic").hasSizeGreaterThan(50);
        return expected;
    }

    /** Every invalid record of the input is in the dead-letter table exactly once, with the verdict's reason. */
    void deadLetterTableHoldsEachInvalidRecordOnce(Connection hive, List<String> invalid) throws Exception {
        List<String> actual = new ArrayList<>();
        try (Statement st = hive.createStatement();
             ResultSet rs = st.executeQuery("SELECT kafka_partition, kafka_offset, reason FROM "
                     + names.hiveDatabase() + ".ad_events_dead_letter")) {
            while (rs.next()) {
                actual.add(rs.getInt(1) + "@" + rs.getLong(2) + " " + rs.getString(3));
            }
        }
        assertThat(actual).as("dead letters in Hive, each once").containsExactlyInAnyOrderElementsOf(invalid);
    }

    /**
     * The committed dead-letter topic holds only invalid records of the input, with their reasons, and each of them
     * at least once, unless a restore lost pre-committed output (an outage beyond the transaction timeout, which the
     * docs say loses the dead letters of one checkpoint from the topic; the Hive table still has them).
     */
    void deadLetterTopicHoldsEachInvalidRecord(List<String> invalid, boolean outputMayBeLost) {
        Set<String> actual = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : read(names.deadLetterTopic())) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
            assertThat(headers.get(DeadLetters.HEADER_SOURCE_TOPIC)).isEqualTo(names.eventsTopic());
            actual.add(headers.get(DeadLetters.HEADER_SOURCE_PARTITION) + "@"
                    + headers.get(DeadLetters.HEADER_SOURCE_OFFSET) + " " + headers.get(DeadLetters.HEADER_REASON));
        }
        assertThat(invalid).as("the dead-letter topic holds nothing but invalid records").containsAll(actual);
        if (!outputMayBeLost) {
            assertThat(actual).as("the dead-letter topic holds every invalid record").containsAll(invalid);
        } else {
            System.out.printf("[chaos] dead-letter topic: %,d of %,d invalid records (a restore lost output)%n",
                    actual.size(), invalid.size());
        }
    }

    /** Among the committed aggregate records, no key's version goes down in offset order. */
    void versionsNeverGoDown() {
        Map<String, Long> last = new HashMap<>();
        long records = 0;
        for (ConsumerRecord<byte[], byte[]> r : read(names.aggregatesTopic())) {
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

    /**
     * No process works on the pipeline any more (whatever a killed command left behind has ended by itself): none
     * has {@code RECKON_DATA_DIR} set to its directory.
     */
    void nothingLeftRunning() {
        String marker = "RECKON_DATA_DIR=" + dataDir;
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        List<String> left;
        while (!(left = processesOf(marker)).isEmpty()) {
            assertThat(System.nanoTime()).as("processes still working on the pipeline: " + left).isLessThan(deadline);
            StackFaults.sleep(500);
        }
    }

    private static List<String> processesOf(String marker) {
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).forEach(h -> {
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "environ"));
                for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
                    if (entry.equals(marker)) {
                        found.add(h.pid() + " " + h.info().commandLine().orElse("?"));
                    }
                }
            } catch (IOException | SecurityException gone) {
                // ended meanwhile, or not ours
            }
        });
        return found;
    }

    List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        return TopicReader.readToEnd(stack.kafkaBootstrap(), topic, TopicReader.READ_COMMITTED, Duration.ofMinutes(2));
    }
}
