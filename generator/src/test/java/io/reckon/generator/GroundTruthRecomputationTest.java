package io.reckon.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.generator.output.EventsFile;
import io.reckon.generator.output.RecordSink;
import io.reckon.generator.truth.TruthFiles;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.ReasonCode;
import io.reckon.schemas.validation.Verdict;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the generator's ground truth by recomputing it from its own output files, with code of its own: the lines
 * are parsed here, put in offset order per partition here, deduplicated and aggregated here. Only the verdicts come
 * from the shared rules, as the contract requires of everyone.
 */
class GroundTruthRecomputationTest {
    private static final long RECORDS = 100_000;
    private static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path out;
    static List<Line> lines;

    /** One line of events.jsonl, parsed independently of the generator's reader. */
    record Line(long seq, int partition, long partitionSeq, long timestamp, byte[] key, byte[] value, String intent,
                String reason) {
    }

    @BeforeAll
    static void generate() throws IOException {
        List<RecordSink> sinks = List.of(new EventsFile(out.resolve(EventsFile.NAME)));
        new Generation(TestConfigs.day(2025, RECORDS), PARTITIONS, 0).run(sinks, out.resolve("truth"),
                Progress.none());
        lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(out.resolve(EventsFile.NAME))) {
            String text;
            while ((text = reader.readLine()) != null) {
                JsonNode n = JSON.readTree(text);
                lines.add(new Line(n.get("seq").longValue(), n.get("partition").intValue(),
                        n.get("partition_seq").longValue(), n.get("timestamp").longValue(), bytes(n, "key"),
                        bytes(n, "value"), n.get("intent").asText(), n.has("reason") ? n.get("reason").asText() : null));
            }
        }
    }

    @Test
    void truthFilesEqualAnIndependentRecomputation() throws IOException {
        Map<String, long[]> expectedRows = new TreeMap<>();
        Map<ReasonCode, Long> invalid = new EnumMap<>(ReasonCode.class);
        long duplicates = 0;
        for (List<Line> partition : inOffsetOrderPerPartition()) {
            Set<String> seen = new HashSet<>();
            for (Line line : partition) {
                Verdict verdict = IngressValidator.validate(line.key(), line.value(), line.timestamp());
                if (verdict instanceof Verdict.Invalid bad) {
                    invalid.merge(bad.reason(), 1L, Long::sum);
                } else if (!seen.add(((Verdict.Valid) verdict).event().eventId())) {
                    duplicates++;
                } else {
                    var e = ((Verdict.Valid) verdict).event();
                    long window = e.eventTime() - Math.floorMod(e.eventTime(), 60_000L);
                    long[] row = expectedRows.computeIfAbsent(String.join(",", e.advertiserId(), e.campaignId(),
                            e.adId(), e.currency(), Long.toString(window)), k -> new long[3]);
                    row[e.isClick() ? 1 : 0]++;
                    row[2] += e.costMicros();
                }
            }
        }

        Map<String, long[]> actualRows = readCsv(out.resolve("truth").resolve(TruthFiles.ROWS), 5);
        assertThat(actualRows.keySet()).isEqualTo(expectedRows.keySet());
        expectedRows.forEach((key, values) -> assertThat(actualRows.get(key)).as(key).containsExactly(values));

        Map<String, long[]> expectedBilling = new TreeMap<>();
        expectedRows.forEach((key, values) -> {
            String[] k = key.split(",");
            String dt = Instant.ofEpochMilli(Long.parseLong(k[4])).atZone(ZoneOffset.UTC).toLocalDate().toString();
            long[] line = expectedBilling.computeIfAbsent(String.join(",", dt, k[0], k[1], k[3]), x -> new long[3]);
            for (int i = 0; i < 3; i++) {
                line[i] += values[i];
            }
        });
        Map<String, long[]> actualBilling = readCsv(out.resolve("truth").resolve(TruthFiles.BILLING), 4);
        assertThat(actualBilling.keySet()).isEqualTo(expectedBilling.keySet());
        expectedBilling.forEach((key, values) -> assertThat(actualBilling.get(key)).as(key).containsExactly(values));

        JsonNode verdicts = JSON.readTree(out.resolve("truth").resolve(TruthFiles.SUMMARY).toFile()).get("verdicts");
        assertThat(verdicts.get("duplicates").longValue()).isEqualTo(duplicates);
        long billable = expectedRows.values().stream().mapToLong(v -> v[0] + v[1]).sum();
        assertThat(verdicts.get("billable").longValue()).isEqualTo(billable);
        invalid.forEach((reason, count) ->
                assertThat(verdicts.get("invalid_by_reason").get(reason.name()).longValue()).as(reason.name())
                        .isEqualTo(count));
        // The traffic is not trivial: the truth had duplicates to drop and invalid records to skip.
        assertThat(duplicates).isGreaterThan(RECORDS / 100);
        assertThat(billable + duplicates + invalid.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(RECORDS);
    }

    @Test
    void recordsAreInSendOrderWithTheDefaultPartitionerAndConsecutiveOffsets() {
        long[] nextInPartition = new long[PARTITIONS];
        long previousTimestamp = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            assertThat(line.seq()).isEqualTo(i);
            assertThat(line.timestamp()).isGreaterThanOrEqualTo(previousTimestamp);
            previousTimestamp = line.timestamp();
            if (line.key() != null) {
                assertThat(line.partition()).isEqualTo(Utils.toPositive(Utils.murmur2(line.key())) % PARTITIONS);
            }
            assertThat(line.partitionSeq()).isEqualTo(nextInPartition[line.partition()]++);
        }
        assertThat(lines).hasSize((int) RECORDS);
    }

    @Test
    void everyInvalidRecordHasTheReasonItWasMadeFor() {
        Map<ReasonCode, Long> produced = new EnumMap<>(ReasonCode.class);
        for (Line line : lines) {
            Verdict verdict = IngressValidator.validate(line.key(), line.value(), line.timestamp());
            if (line.intent().equals("INVALID")) {
                assertThat(verdict).as("line %d", line.seq()).isInstanceOf(Verdict.Invalid.class);
                assertThat(((Verdict.Invalid) verdict).reason().name()).as("line %d", line.seq())
                        .isEqualTo(line.reason());
                produced.merge(((Verdict.Invalid) verdict).reason(), 1L, Long::sum);
            } else {
                assertThat(verdict.isValid()).as("line %d %s", line.seq(), line.intent()).isTrue();
            }
        }
        assertThat(produced.keySet()).containsExactlyInAnyOrder(Arrays.stream(ReasonCode.values())
                .filter(r -> r != ReasonCode.NO_RECORD_TIMESTAMP).toArray(ReasonCode[]::new));
    }

    @Test
    void duplicatesAreWhatTheySayTheyAre() {
        Map<String, Line> firstByKey = new HashMap<>();
        Map<String, Long> counts = new TreeMap<>();
        for (Line line : lines) {
            counts.merge(line.intent(), 1L, Long::sum);
            if (line.key() == null) {
                continue;
            }
            String key = new String(line.key(), StandardCharsets.UTF_8);
            Line first = firstByKey.get(key);
            switch (line.intent()) {
                case "EXACT_DUPLICATE" -> assertThat(first.value()).isEqualTo(line.value());
                case "LATE_DUPLICATE" -> {
                    assertThat(first.value()).isEqualTo(line.value());
                    assertThat(line.timestamp() - first.timestamp()).isGreaterThanOrEqualTo(2 * 3_600_000L);
                }
                case "CONFLICTING_DUPLICATE" -> assertThat(first.value()).isNotEqualTo(line.value());
                case "VERY_LATE" -> assertThat(eventTime(line)).isLessThanOrEqualTo(line.timestamp() - 2 * 3_600_000L);
                case "OUT_OF_ORDER" -> assertThat(eventTime(line)).isLessThanOrEqualTo(line.timestamp() - 5_000L);
                default -> {
                }
            }
            if (first == null && !line.intent().equals("INVALID")) {
                firstByKey.put(key, line);
            }
        }
        assertThat(counts).containsKeys("FRESH", "OUT_OF_ORDER", "VERY_LATE", "EXACT_DUPLICATE", "LATE_DUPLICATE",
                "CONFLICTING_DUPLICATE", "INVALID");
        assertThat(counts.get("LATE_DUPLICATE")).isGreaterThan(RECORDS / 1000);
    }

    @Test
    void someInvalidRecordsPrecedeAValidRecordWithTheSameIdWhichStillCounts() {
        Set<String> invalidIds = new HashSet<>();
        long validAfterInvalid = 0;
        for (Line line : lines) {
            if (line.key() == null) {
                continue;
            }
            String key = new String(line.key(), StandardCharsets.UTF_8);
            if (line.intent().equals("INVALID")) {
                invalidIds.add(key);
            } else if (line.intent().equals("FRESH") && invalidIds.contains(key)) {
                validAfterInvalid++;
            }
        }
        assertThat(validAfterInvalid).isPositive();
    }

    private static long eventTime(Line line) {
        try {
            return JSON.readTree(line.value()).get("event_time").longValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<Line>> inOffsetOrderPerPartition() {
        List<List<Line>> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            List<Line> inPartition = new ArrayList<>(lines.stream().filter(l -> l.partition() == partition).toList());
            inPartition.sort(Comparator.comparingLong(Line::partitionSeq));
            partitions.add(inPartition);
        }
        return partitions;
    }

    private static byte[] bytes(JsonNode node, String name) {
        if (node.has(name + "_b64")) {
            return Base64.getDecoder().decode(node.get(name + "_b64").asText());
        }
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** CSV with plain fields (the generator's ids need no quoting): key columns joined by ',' -> values. */
    private static Map<String, long[]> readCsv(Path file, int keyColumns) throws IOException {
        Map<String, long[]> rows = new TreeMap<>();
        List<String> all = Files.readAllLines(file);
        for (String line : all.subList(1, all.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSize(keyColumns + 3);
            long[] values = {Long.parseLong(cells[keyColumns]), Long.parseLong(cells[keyColumns + 1]),
                    Long.parseLong(cells[keyColumns + 2])};
            assertThat(rows.put(String.join(",", Arrays.copyOf(cells, keyColumns)), values)).as(line).isNull();
        }
        return rows;
    }
}
