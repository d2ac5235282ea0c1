package io.reckon.batch;

import io.reckon.coordination.DayLease;
import io.reckon.coordination.DayLeases;
import io.reckon.coordination.ZooKeeperDayLeases;
import io.reckon.generator.output.EventsFile;
import io.reckon.generator.traffic.Intent;
import io.reckon.schemas.archive.ArchivePlacement;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch job with real Spark, the real shared metastore and the real HiveServer2 (the stack's Spark Thrift
 * server): a generator day with near and far duplicates, conflicting duplicates (some with event_time on the previous
 * day), late and very late events and invalid records is archived into a database of this test's own; the job's
 * output must equal the generator's ground truth exactly, be identical on a re-run (also after a killed run), and
 * read back identically through HiveServer2 with hive-jdbc.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchJobITCase {
    private static final LocalDate DAY = LocalDate.parse("2025-11-25");
    private static final LocalDate PREVIOUS = DAY.minusDays(1);
    private static final LocalDate NEXT = DAY.plusDays(1);

    private static SparkSession spark;
    private static StackEndpoints stack;
    private static DayLeases leases;
    private static TableNames tables;
    private static Path traffic;
    private static String rawLocation;
    private static Map<String, String> sparkDefaults;

    @BeforeAll
    static void setUp(StackEndpoints endpoints) throws Exception {
        stack = endpoints;
        Path work = Files.createDirectories(Path.of("target", "itcase"));
        traffic = work.resolve("traffic-" + System.nanoTime());
        generate(traffic);
        sparkDefaults = SparkConfFile.read(Path.of(stack.get("spark.defaults.file")));
        SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("BatchJobITCase")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4");
        sparkDefaults.forEach(b::config);
        spark = b.enableHiveSupport().getOrCreate();
        tables = TableNames.inDatabase(StackEndpoints.uniqueName("batch_it"));
        leases = ZooKeeperDayLeases.connect(stack.get("pinot.zookeeper"), tables.database());
        ArchiveFixture.createTables(spark, tables.database(), sparkDefaults.get("spark.sql.warehouse.dir"));
        long archived = ArchiveFixture.writeArchive(spark, tables.rawTable(), traffic.resolve("events.jsonl"));
        assertThat(archived).isEqualTo(count(traffic.resolve("events.jsonl")));
        rawLocation = BatchJob.tableLocation(spark, tables.rawTable());
        ArchiveFixture.markComplete(rawLocation, PREVIOUS, HourRange.FULL_DAY);
        ArchiveFixture.markComplete(rawLocation, DAY, HourRange.FULL_DAY);
    }

    @AfterAll
    static void tearDown() {
        if (leases != null) {
            leases.close();
        }
        if (spark != null) {
            if (tables != null && !Boolean.getBoolean("reckon.batch.keepDatabase")) {
                spark.sql("DROP DATABASE IF EXISTS " + tables.database() + " CASCADE");
            }
            spark.stop();
        }
    }

    private static BatchOptions options(LocalDate day) {
        return BatchOptions.of(day, tables).withHiveServer2Url(stack.hiveJdbcUrl());
    }

    @Test
    @Order(1)
    void trafficHasEveryKindOfTrouble() throws IOException {
        Map<String, Long> intents = new java.util.TreeMap<>();
        EventsFile.read(traffic.resolve("events.jsonl"), r -> intents.merge(r.intent().name(), 1L, Long::sum));
        assertThat(intents).containsKeys("EXACT_DUPLICATE", "LATE_DUPLICATE", "CONFLICTING_DUPLICATE",
                "OUT_OF_ORDER", "VERY_LATE", "INVALID");
        assertThat(intents.values()).allMatch(n -> n >= 20);
        // Conflicting duplicates and very late events put valid rows on the previous day too.
        assertThat(truthRows(PREVIOUS)).isNotEmpty();
    }

    @Test
    @Order(2)
    void dayAndPreviousDayEqualTheGroundTruthExactly() throws IOException {
        for (LocalDate day : List.of(PREVIOUS, DAY)) {
            RunRecord run = BatchJob.run(spark, options(day), leases, Progress.silent());
            assertThat(run.status()).as(run.summary()).isEqualTo(RunRecord.Status.SUCCEEDED);
            assertThat(statsRows(day)).as("ad_stats_minute_exact dt=%s", day).isEqualTo(truthRows(day));
            assertThat(billingRows(day)).as("ad_billing_daily dt=%s", day).isEqualTo(truthBilling(day));
            assertThat(run.outputRows()).isEqualTo(truthRows(day).size());
            if (day.equals(DAY)) {
                assertThat(run.duplicateRows()).isPositive();
                assertThat(run.invalidRows()).isPositive();
            }
            assertThat(run.inputRows()).isEqualTo(spark.table(tables.rawTable())
                    .where(col("dt").equalTo(lit(day.toString()))).count());
        }
        Row recorded = spark.table(tables.runsTable()).where("dt = '" + DAY + "' AND status = 'SUCCEEDED'").first();
        assertThat(recorded.getLong(recorded.fieldIndex("output_rows"))).isEqualTo(truthRows(DAY).size());
        assertThat(recorded.getMap(recorded.fieldIndex("spend_micros_by_currency")).size()).isPositive();
    }

    @Test
    @Order(3)
    void hiveServer2ReadsExactlyWhatSparkWrote() throws Exception {
        String columns = String.join(", ", BatchPipeline.STATS_COLUMNS);
        List<String> spark = sparkStrings("SELECT " + columns + " FROM " + tables.statsTable()
                + " WHERE dt = '" + DAY + "'");
        List<String> billingSpark = sparkStrings("SELECT " + String.join(", ", BatchPipeline.BILLING_COLUMNS)
                + " FROM " + tables.billingTable() + " WHERE dt = '" + DAY + "'");
        HiveServer2Client jdbc = HiveServer2Client.fromBuild();
        List<String> hive = strings(jdbc.query(stack.hiveJdbcUrl(), "SELECT " + columns + " FROM "
                + tables.statsTable() + " WHERE dt = '" + DAY + "'"));
        assertThat(hive).hasSize(truthRows(DAY).size()).isEqualTo(spark);
        List<String> billing = strings(jdbc.query(stack.hiveJdbcUrl(), "SELECT "
                + String.join(", ", BatchPipeline.BILLING_COLUMNS) + " FROM " + tables.billingTable()
                + " WHERE dt = '" + DAY + "'"));
        assertThat(billing).isEqualTo(billingSpark);
        // After a re-run replaced the partition, HiveServer2 must see the new files (the job refreshes it).
        RunRecord rerun = BatchJob.run(this.spark(), options(DAY), leases, Progress.silent());
        List<String> after = strings(jdbc.query(stack.hiveJdbcUrl(), "SELECT " + columns + " FROM "
                + tables.statsTable() + " WHERE dt = '" + DAY + "'"));
        assertThat(after).hasSize(spark.size()).allMatch(r -> r.endsWith("|" + rerun.runId()));
        assertThat(withoutRunId(after)).isEqualTo(withoutRunId(spark));
        List<List<String>> runs = jdbc.query(stack.hiveJdbcUrl(), "SELECT status FROM " + tables.runsTable()
                + " WHERE run_id = '" + rerun.runId() + "'");
        assertThat(runs).containsExactly(List.of("SUCCEEDED"));
    }

    @Test
    @Order(4)
    void reRunningGivesIdenticalOutputAndNoDuplicatedRows() throws IOException {
        List<String> before = statsRows(DAY);
        for (int i = 0; i < 2; i++) {
            assertThat(BatchJob.run(spark, options(DAY), leases, Progress.silent()).status())
                    .isEqualTo(RunRecord.Status.SUCCEEDED);
            List<String> after = statsRows(DAY);
            assertThat(after).isEqualTo(before).isEqualTo(truthRows(DAY)).doesNotHaveDuplicates();
            assertThat(billingRows(DAY)).isEqualTo(truthBilling(DAY));
        }
        long grains = spark.table(tables.statsTable()).where("dt = '" + DAY + "'")
                .select(BatchPipeline.columns(BatchPipeline.GRAIN)).distinct().count();
        assertThat(grains).isEqualTo(before.size());
    }

    @Test
    @Order(5)
    void aPartialHourRangeReplacesOnlyItsHours() throws IOException {
        RunRecord run = BatchJob.run(spark, options(DAY).withHours(HourRange.parse("6-8")), leases, Progress.silent());
        assertThat(run.status()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(statsRows(DAY)).isEqualTo(truthRows(DAY));
        assertThat(billingRows(DAY)).isEqualTo(truthBilling(DAY));
        long fresh = spark.table(tables.statsTable())
                .where("dt = '" + DAY + "' AND batch_run_id = '" + run.runId() + "'").count();
        assertThat(fresh).isPositive().isLessThan(run.outputRows());
        // Dead letters: still every invalid record of the day once; those of hours 6-8 rewritten by this run, the
        // others kept from the earlier run (an older detected_at).
        assertThat(deadLetterRows(DAY)).isEqualTo(expectedDeadLetters(DAY));
        Dataset<Row> dead = spark.table(tables.deadLetterTable()).where(col("dt").equalTo(lit(DAY.toString())));
        assertThat(dead.where(col("detected_at").equalTo(lit(run.startedAt()))).count()).isPositive()
                .isLessThan(dead.count());
    }

    @Test
    @Order(6)
    void refusesADayWhoseHoursAreNotMarkedCompleteUnlessForced() throws IOException {
        RunRecord refused = BatchJob.run(spark, options(NEXT), leases, Progress.silent());
        assertThat(refused.status()).isEqualTo(RunRecord.Status.REFUSED);
        assertThat(refused.message()).contains("0-23", "not marked complete", "--force");
        assertThat(spark.sql("SHOW PARTITIONS " + tables.statsTable()).collectAsList().toString())
                .doesNotContain("dt=" + NEXT);
        Row recorded = spark.table(tables.runsTable()).where("run_id = '" + refused.runId() + "'").first();
        assertThat(recorded.getString(recorded.fieldIndex("status"))).isEqualTo("REFUSED");

        RunRecord forced = BatchJob.run(spark, options(NEXT).withForce(true), leases, Progress.silent());
        assertThat(forced.status()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(forced.forced()).isTrue();
        assertThat(statsRows(NEXT)).isEqualTo(truthRows(NEXT));
    }

    @Test
    @Order(7)
    void aRunKilledMidwayAndRerunGivesTheSameOutputAsACleanRun() throws Exception {
        // bin/reckon batch's JVM (the same main, classpath and flags), killed once it starts replacing partitions.
        List<String> command = new ArrayList<>(List.of("java", "-Xmx1g"));
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("reckon.batch.jar") + File.pathSeparator
                        + Files.readString(Path.of(System.getProperty("reckon.batch.classpathFile"))).strip(),
                BatchMain.class.getName(), "--date", DAY.toString(), "--database", tables.database(),
                "--spark-conf", stack.get("spark.defaults.file"), "--hiveserver2-url", "none",
                "--zookeeper", stack.get("pinot.zookeeper"),
                "--progress-seconds", "2"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        boolean killed = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains("(4/" + BatchJob.STEPS + ")")) {
                    p.destroyForcibly();
                    killed = true;
                    break;
                }
            }
        }
        p.waitFor(60, TimeUnit.SECONDS);
        assertThat(killed).as("the CLI run reached the write step; output:%n%s", String.join("\n", lines)).isTrue();
        assertThat(lines).anyMatch(l -> l.contains("(2/" + BatchJob.STEPS + ") read and re-validate"));

        // The killed run's lease outlives it by up to its session timeout: the re-run waits for that, as it was
        // killed on this host, instead of being refused.
        RunRecord rerun = BatchJob.run(spark, options(DAY), leases, Progress.silent());
        assertThat(rerun.status()).as(rerun.summary()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(statsRows(DAY)).isEqualTo(truthRows(DAY));
        assertThat(billingRows(DAY)).isEqualTo(truthBilling(DAY));
    }

    @Test
    @Order(8)
    void deadLettersHoldEveryInvalidRecordOfTheDayOnceWithItsReason() throws Exception {
        // After full, repeated, partial-hour and killed runs: each day's partition holds exactly the generator's
        // invalid records placed on that day, with the reason the generator meant, the original bytes, once.
        for (LocalDate day : List.of(PREVIOUS, DAY)) {
            List<String> actual = deadLetterRows(day);
            assertThat(actual).as("dead letters of %s", day).isEqualTo(expectedDeadLetters(day));
            if (day.equals(DAY)) {
                assertThat(actual).isNotEmpty();
            }
        }
        // HiveServer2 readers see the same partition.
        HiveServer2Client jdbc = HiveServer2Client.fromBuild();
        assertThat(jdbc.query(stack.hiveJdbcUrl(), "SELECT count(*) FROM " + tables.deadLetterTable()
                + " WHERE dt = '" + DAY + "'").get(0).get(0))
                .isEqualTo(String.valueOf(spark.table(tables.deadLetterTable()).where("dt = '" + DAY + "'").count()));
    }

    /** The generator's invalid records placed on {@code day}, as {@link #deadLetter} lines, sorted. */
    private static List<String> expectedDeadLetters(LocalDate day) throws IOException {
        List<String> expected = new ArrayList<>();
        EventsFile.read(traffic.resolve("events.jsonl"), r -> {
            ArchivePlacement placement = ArchivePlacement.of(
                    IngressValidator.validate(r.key(), r.value(), r.timestamp()), r.timestamp());
            if (r.intent() == Intent.INVALID && placement.dt().equals(day.toString())) {
                expected.add(deadLetter(r.partition(), r.partitionSeq(), r.intendedReason().name(), r.key(), r.value(),
                        r.timestamp()));
            }
        });
        return expected.stream().sorted().toList();
    }

    /** ad_events_dead_letter rows of {@code day}, as {@link #deadLetter} lines, sorted. */
    private static List<String> deadLetterRows(LocalDate day) {
        return spark.table(tables.deadLetterTable()).where(col("dt").equalTo(lit(day.toString())))
                .collectAsList().stream().map(r -> {
                    assertThat(r.getString(r.fieldIndex("topic"))).isEqualTo("ad-events");
                    assertThat(r.getString(r.fieldIndex("detected_by"))).isEqualTo("batch");
                    assertThat(r.getString(r.fieldIndex("message"))).isNotBlank();
                    return deadLetter(r.getInt(r.fieldIndex("kafka_partition")),
                            r.getLong(r.fieldIndex("kafka_offset")), r.getString(r.fieldIndex("reason")),
                            (byte[]) r.get(r.fieldIndex("record_key")), (byte[]) r.get(r.fieldIndex("record_value")),
                            r.getLong(r.fieldIndex("record_timestamp")));
                }).sorted().toList();
    }

    private static String deadLetter(int partition, long offset, String reason, byte[] key, byte[] value, long ts) {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        return partition + "/" + offset + " " + reason + " " + (key == null ? "-" : b64.encodeToString(key)) + " "
                + (value == null ? "-" : b64.encodeToString(value)) + " " + ts;
    }

    @Test
    @Order(9)
    void checkCompleteAsksHiveServer2ForTheLocationAndRecordsNoRun() throws Exception {
        long runsBefore = spark.table(tables.runsTable()).count();
        // bin/reckon batch --check-complete as a separate JVM (same main, classpath and flags), as the nightly chain
        // and the DAG's sensor call it: the location through HiveServer2, no Spark session.
        CliResult complete = runCli("--date", DAY.toString(), "--check-complete", "--database", tables.database(),
                "--hiveserver2-url", stack.hiveJdbcUrl());
        assertThat(complete.code()).as(complete.output()).isZero();
        assertThat(complete.output()).contains("complete: all 24 hour(s) marked", rawLocation.replaceFirst("/$", ""));
        assertThat(complete.output()).contains("(from the metastore through HiveServer2 " + stack.hiveJdbcUrl() + ")");

        ArchiveFixture.markComplete(rawLocation, NEXT.plusDays(1), new HourRange(0, 20));
        CliResult partial = runCli("--date", NEXT.plusDays(1).toString(), "--check-complete", "--database",
                tables.database(), "--hiveserver2-url", stack.hiveJdbcUrl());
        assertThat(partial.code()).as(partial.output()).isEqualTo(3);
        assertThat(partial.output().lines().filter(l -> l.contains("NOT complete")).toList())
                .singleElement().asString().contains("hour(s) 21-23 not marked");
        assertThat(runCli("--date", NEXT.plusDays(1).toString(), "--hours", "0-20", "--check-complete",
                "--database", tables.database(), "--hiveserver2-url", stack.hiveJdbcUrl()).code()).isZero();

        spark.sql("REFRESH TABLE " + tables.runsTable());
        assertThat(spark.table(tables.runsTable()).count()).as("no batch_runs row for a check").isEqualTo(runsBefore);
        assertThat(spark.sql("SHOW PARTITIONS " + tables.statsTable()).collectAsList().toString())
                .doesNotContain("dt=" + NEXT.plusDays(1));
    }

    @Test
    @Order(10)
    void positionsArchivedTwiceCountOnceAndTheRunSaysHowManyItDropped() throws Exception {
        // What a speed layer that re-read archived positions leaves behind: hour 10 of the day archived a second time.
        spark.conf().set("hive.exec.dynamic.partition", "true");
        spark.conf().set("hive.exec.dynamic.partition.mode", "nonstrict");
        Dataset<Row> hour = spark.table(tables.rawTable()).where(col("dt").equalTo(lit(DAY.toString()))
                .and(col("hr").equalTo(lit("10"))));
        List<Row> copies = hour.collectAsList();
        assertThat(copies).hasSizeGreaterThan(10);
        spark.createDataFrame(copies, hour.schema()).write().insertInto(tables.rawTable());
        spark.catalog().refreshTable(tables.rawTable());

        RunRecord run = BatchJob.run(spark, options(DAY), leases, Progress.silent());
        assertThat(run.status()).as(run.summary()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(run.repeatedPositions()).isEqualTo(copies.size());
        assertThat(statsRows(DAY)).as("exact rows with every repeated position counted once").isEqualTo(truthRows(DAY));
        assertThat(billingRows(DAY)).isEqualTo(truthBilling(DAY));
        assertThat(run.summary()).contains(String.format(java.util.Locale.ROOT, "%,d archive row(s) at a position",
                copies.size()));
        spark.sql("REFRESH TABLE " + tables.runsTable());
        Row recorded = spark.table(tables.runsTable()).where(col("run_id").equalTo(lit(run.runId()))).first();
        assertThat(recorded.getLong(recorded.fieldIndex("repeated_positions"))).isEqualTo(copies.size());
    }

    @Test
    @Order(11)
    void aBatchBesideARunningReconcileOfTheDayIsRefusedNamingItAndWritesNothing() throws Exception {
        List<String> before = statsRows(DAY);
        // A reconcile of the day running on another host: its lease, from a session of its own.
        try (DayLeases elsewhere = ZooKeeperDayLeases.connect(stack.get("pinot.zookeeper"), tables.database());
             DayLease reconciling = elsewhere.acquire(DAY, "reconcile run recon-it (test), pid 1 on other-host, "
                     + "since 2026-12-02T00:00:00Z")) {
            RunRecord refused = BatchJob.run(spark, options(DAY), leases, Progress.silent());
            assertThat(refused.status()).isEqualTo(RunRecord.Status.REFUSED);
            assertThat(refused.message()).startsWith("refused: " + DAY + " is being processed by reconcile run "
                    + "recon-it (test), pid 1 on other-host");
            assertThat(reconciling.held()).isTrue();
            spark.sql("REFRESH TABLE " + tables.runsTable());
            Row recorded = spark.table(tables.runsTable()).where(col("run_id").equalTo(lit(refused.runId()))).first();
            assertThat(recorded.getString(recorded.fieldIndex("status"))).isEqualTo("REFUSED");
        }
        assertThat(statsRows(DAY)).as("the exact partition is untouched").isEqualTo(before);
        assertThat(BatchJob.run(spark, options(DAY), leases, Progress.silent()).status())
                .as("free again once the reconcile ended").isEqualTo(RunRecord.Status.SUCCEEDED);
    }

    private record CliResult(int code, String output) {
    }

    private static CliResult runCli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("reckon.batch.jar") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("reckon.batch.classpathFile"))).strip(),
                BatchMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new CliResult(p.exitValue(), output);
    }

    // ---- helpers ----

    private SparkSession spark() {
        return spark;
    }

    private static List<String> jvmOptions() throws IOException {
        Path file = Path.of(System.getProperty("reckon.home"), "batch", "jvm.options");
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("-Xmx")).toList();
    }

    private static void generate(Path out) throws Exception {
        Path jar = Path.of(System.getProperty("reckon.home"), "generator", "target",
                "reckon-generator-0.1.0-SNAPSHOT.jar");
        Process p = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString(), "generate",
                "--out", out.toString(), "--day", DAY.toString(), "--count", "20000", "--seed", "2025",
                "--conflicting-duplicate-share", "0.02", "--late-duplicate-share", "0.02",
                "--very-late-share", "0.02", "--invalid-share", "0.03", "--progress", "never")
                .redirectErrorStream(true).redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile())
                .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("generator exit code").isZero();
    }

    private static long count(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> !l.isEmpty()).count();
        }
    }

    /** ad_stats_minute_exact rows of a day as truth-CSV lines, sorted. */
    private static List<String> statsRows(LocalDate day) {
        return spark.table(tables.statsTable()).where(col("dt").equalTo(lit(day.toString())))
                .select("advertiser_id", "campaign_id", "ad_id", "currency", "window_start", "impressions", "clicks",
                        "spend_micros")
                .collectAsList().stream().map(BatchJobITCase::csv).sorted().toList();
    }

    private static List<String> billingRows(LocalDate day) {
        return spark.table(tables.billingTable()).where(col("dt").equalTo(lit(day.toString())))
                .select(lit(day.toString()), col("advertiser_id"), col("campaign_id"), col("currency"),
                        col("impressions"), col("clicks"), col("spend_micros"))
                .collectAsList().stream().map(BatchJobITCase::csv).sorted().toList();
    }

    /** Truth rows whose window_start is on {@code day}, sorted. */
    private static List<String> truthRows(LocalDate day) throws IOException {
        long start = day.toEpochDay() * 86_400_000L;
        return truthLines("ad_stats_minute.csv").stream().filter(l -> {
            long w = Long.parseLong(l.split(",")[4]);
            return w >= start && w < start + 86_400_000L;
        }).sorted().toList();
    }

    private static List<String> truthBilling(LocalDate day) throws IOException {
        return truthLines("billing_daily.csv").stream().filter(l -> l.startsWith(day + ",")).sorted().toList();
    }

    private static List<String> truthLines(String name) throws IOException {
        List<String> lines = Files.readAllLines(traffic.resolve("truth").resolve(name), StandardCharsets.UTF_8);
        assertThat(lines.subList(1, lines.size())).as("plain identifiers").noneMatch(l -> l.contains("\""));
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isEmpty()).collect(Collectors.toList());
    }

    private static String csv(Row r) {
        List<String> f = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            f.add(String.valueOf(r.get(i)));
        }
        return String.join(",", f);
    }

    private static List<String> sparkStrings(String sql) {
        return spark.sql(sql).collectAsList().stream().map(r -> {
            List<String> f = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                f.add(String.valueOf(r.get(i)));
            }
            return String.join("|", f);
        }).sorted().toList();
    }

    private static List<String> strings(List<List<String>> rows) {
        return rows.stream().map(r -> String.join("|", r)).sorted().toList();
    }

    private static List<String> withoutRunId(List<String> rows) {
        return rows.stream().map(r -> r.substring(0, r.lastIndexOf('|'))).sorted().toList();
    }

}
