package io.reckon.batch;

import io.reckon.coordination.MemoryDayLeases;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.reckon.batch.TestEvents.D;
import static io.reckon.batch.TestEvents.HOUR;
import static io.reckon.batch.TestEvents.bytes;
import static io.reckon.batch.TestEvents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A batch run's control flow, without the stack: real Spark in this JVM with its own Hive metastore (embedded Derby in
 * a temporary folder), the contract's tables, in-memory leases and completeness. The steps themselves (dedup,
 * aggregation, partition swap) are proven against the stack by BatchJobITCase and BatchPipelineTest.
 */
class BatchJobTest {
    private static final LocalDate DAY = LocalDate.of(2025, 11, 25);
    private static final TableNames TABLES = TableNames.inDatabase("batchjobtest");
    private static SparkSession spark;
    private static Path dir;

    private final MemoryDayLeases leases = new MemoryDayLeases();
    private final List<Integer> incomplete = new ArrayList<>();
    private final HourCompleteness completeness = new HourCompleteness() {
        @Override
        public List<Integer> incompleteHours(LocalDate day, HourRange hours) {
            return incomplete;
        }

        @Override
        public String describe() {
            return "in-memory markers";
        }
    };

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("batchjobtest");
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        String warehouse = dir.resolve("warehouse").toUri().toString();
        spark = SparkSession.builder().master("local[2]").appName("BatchJobTest")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.warehouse.dir", warehouse)
                .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                        "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true")
                .enableHiveSupport()
                .getOrCreate();
        ArchiveFixture.createTables(spark, TABLES.database(), warehouse);
        List<Row> rows = new ArrayList<>();
        // Partition 0: an impression, a click, the impression again (a duplicate the batch layer drops), bad bytes.
        rows.add(archived("e1", json("e1", "impression", D + 10_000, "ad-1", 1_500, "USD"), 0, 0, D + 10_000));
        rows.add(archived("e2", json("e2", "click", D + HOUR + 5_000, "ad-1", 250_000, "USD"), 0, 1, D + HOUR + 5_000));
        rows.add(archived("e1", json("e1", "impression", D + 10_000, "ad-1", 1_500, "USD"), 0, 2, D + 20_000));
        rows.add(archived("x", "{not json", 0, 3, D + 30_000));
        ArchiveFixture.insert(spark, TABLES.rawTable(), rows);
    }

    private static Row archived(String key, String value, int partition, long offset, long ts) {
        return ArchiveFixture.row(bytes(key), bytes(value), partition, offset, ts);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @BeforeEach
    void noPartitionsYet() throws Exception {
        for (String table : List.of(TABLES.statsTable(), TABLES.billingTable(), TABLES.deadLetterTable())) {
            spark.sql("ALTER TABLE " + table + " DROP IF EXISTS PARTITION (dt='" + DAY + "')");
            // An external table's partition folder outlives the DROP: gone too, so no test sees another's files.
            Path folder = Path.of(java.net.URI.create(BatchJob.tableLocation(spark, table))).resolve("dt=" + DAY);
            if (Files.exists(folder)) {
                try (var files = Files.walk(folder)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        spark.sql("TRUNCATE TABLE " + TABLES.runsTable());
    }

    private RunRecord run(BatchOptions options) {
        return BatchJob.run(spark, options, completeness, leases, Progress.silent());
    }

    private static BatchOptions options() {
        return BatchOptions.of(DAY, TABLES);
    }

    private static List<String> statuses() {
        return spark.table(TABLES.runsTable()).select("status").collectAsList().stream().map(r -> r.getString(0))
                .sorted().toList();
    }

    private static long exactRows() {
        return spark.table(TABLES.statsTable()).where("dt = '" + DAY + "'").count();
    }

    @Test
    void aRunCountsEachEventOnceRecordsItsTotalsAndGivesTheLeaseBack() {
        RunRecord run = run(options());
        assertThat(run.status()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(run.inputRows()).isEqualTo(4);
        assertThat(run.invalidRows()).isEqualTo(1);
        assertThat(run.duplicateRows()).isEqualTo(1);
        assertThat(run.totalImpressions()).isEqualTo(1);
        assertThat(run.totalClicks()).isEqualTo(1);
        assertThat(run.spendMicrosByCurrency()).containsEntry("USD", 251_500L);
        assertThat(run.maxOffsetByPartition()).containsEntry(0, 3L);
        assertThat(exactRows()).isEqualTo(run.outputRows()).isPositive();
        assertThat(spark.table(TABLES.deadLetterTable()).where("dt = '" + DAY + "'").count()).isEqualTo(1);
        assertThat(statuses()).containsExactly("SUCCEEDED");
        assertThat(leases.taken).isEqualTo(1);
        assertThat(leases.lease.closed).isTrue();
    }

    @Test
    void aDayHeldByAnotherRunIsRefusedRecordedAndLeftAlone() {
        leases.heldBy = "reconcile run recon-1, pid 7 on host-a";
        RunRecord run = run(options());
        assertThat(run.status()).isEqualTo(RunRecord.Status.REFUSED);
        assertThat(run.message()).contains("reconcile run recon-1");
        assertThat(statuses()).containsExactly("REFUSED");
        assertThat(exactRows()).isZero();
    }

    @Test
    void anIncompleteDayIsRefusedAndForcedOnlyWhenAsked() {
        incomplete.addAll(List.of(5, 6, 7, 9));
        RunRecord refused = run(options());
        assertThat(refused.status()).isEqualTo(RunRecord.Status.REFUSED);
        assertThat(refused.message()).contains("hour(s) 5-7, 9 of " + DAY + " not marked complete")
                .contains("--force");
        assertThat(exactRows()).isZero();
        assertThat(leases.lease.closed).as("a refused run gives the lease back too").isTrue();

        RunRecord forced = run(options().withForce(true));
        assertThat(forced.status()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(forced.forced()).isTrue();
        assertThat(forced.message()).contains("forced over incomplete input: hour(s) 5-7, 9");
        assertThat(statuses()).containsExactly("REFUSED", "SUCCEEDED");
    }

    @Test
    void aReRunReplacesThePartitionWithTheSameRowsAndALostLeaseReplacesNothing() {
        RunRecord first = run(options());
        List<String> rows = rowsWithoutRunId();
        RunRecord second = run(options());
        assertThat(second.status()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(second.runId()).isNotEqualTo(first.runId());
        assertThat(rowsWithoutRunId()).isEqualTo(rows);
        assertThat(runIdsOnExactRows()).containsExactly(second.runId());

        // The lease lost before the first write (its session expired, say): nothing is replaced, FAILED is recorded.
        leases.loseTheLease = true;
        assertThatThrownBy(() -> run(options())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was lost before replacing " + TABLES.statsTable());
        assertThat(statuses()).containsExactly("FAILED", "SUCCEEDED", "SUCCEEDED");
        assertThat(runIdsOnExactRows()).containsExactly(second.runId());
    }

    @Test
    void copiesOnOtherDaysAreFoundThroughTheKeyIndexAndLateFilesAreIndexedBeforeTheyAreUsed() throws Exception {
        // A day of its own, 6 days after DAY, with ids no other test uses (the others see these rows as neighbours).
        LocalDate day = DAY.plusDays(6);
        long d = D + 6 * TestEvents.DAY;
        ArchiveFixture.insert(spark, TABLES.rawTable(), List.of(
                archived("k1", json("k1", "impression", d + 1_000, "ad-1", 100, "USD"), 1, 100, d + 1_000),
                archived("k2", json("k2", "impression", d + 2_000, "ad-1", 200, "USD"), 1, 101, d + 2_000),
                archived("k3", json("k3", "click", d + 3_000, "ad-1", 300, "USD"), 1, 102, d + 3_000),
                // k1 arrived first the day before, with another event_time: it counts there, not on the day
                archived("k1", json("k1", "impression", d - 5_000, "ad-1", 1, "USD"), 1, 50, d - 5_000)));
        BatchOptions options = BatchOptions.of(day, TABLES);

        RunRecord first = run(options);
        assertThat(first.status()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(first.duplicateRows()).isEqualTo(1);
        assertThat(first.spendMicrosByCurrency()).containsEntry("USD", 500L);
        KeyIndex index = new KeyIndex(spark, KeyIndex.locationFor(BatchJob.tableLocation(spark, TABLES.rawTable())),
                Progress.silent());
        String dayBefore = day.minusDays(1).toString();
        List<String> filesBefore = KeyIndex.filesByDt(spark.table(TABLES.rawTable())
                .where("dt = '" + dayBefore + "'")).orElseThrow().get(dayBefore);
        assertThat(index.covered(dayBefore)).as("the day before, indexed by the run").containsAll(filesBefore);

        // A late file for the day before: an earlier copy of k2. The next run indexes it before looking k2 up.
        ArchiveFixture.insert(spark, TABLES.rawTable(), List.of(
                archived("k2", json("k2", "impression", d - 4_000, "ad-1", 7, "USD"), 1, 60, d - 4_000)));
        RunRecord second = run(options);
        assertThat(second.duplicateRows()).isEqualTo(2);
        assertThat(second.spendMicrosByCurrency()).containsEntry("USD", 300L);
        assertThat(index.covered(dayBefore)).hasSize(filesBefore.size() + 1);

        // The same numbers without the index (every key of the archive read), and again with it (nothing new).
        RunRecord withoutIndex = run(options.withKeyIndex(false));
        RunRecord again = run(options);
        for (RunRecord r : List.of(withoutIndex, again)) {
            assertThat(r.duplicateRows()).isEqualTo(2);
            assertThat(r.spendMicrosByCurrency()).isEqualTo(second.spendMicrosByCurrency());
            assertThat(r.totalClicks()).isEqualTo(1);
            assertThat(r.totalImpressions()).isZero();
        }
        assertThat(index.covered(dayBefore)).hasSize(filesBefore.size() + 1);

        // A run killed after writing index rows but before their _SOURCES: the files look unindexed, are indexed
        // again (duplicate index rows), and the counts stay the same.
        java.nio.file.Path indexDay = java.nio.file.Path.of(java.net.URI.create(
                KeyIndex.locationFor(BatchJob.tableLocation(spark, TABLES.rawTable())) + "/dt=" + dayBefore));
        try (var sources = Files.walk(indexDay)) {
            sources.filter(f -> f.getFileName().toString().equals(KeyIndex.SOURCES)).toList()
                    .forEach(f -> f.toFile().delete());
        }
        assertThat(index.covered(dayBefore)).isEmpty();
        RunRecord reindexed = run(options);
        assertThat(reindexed.duplicateRows()).isEqualTo(2);
        assertThat(reindexed.spendMicrosByCurrency()).isEqualTo(second.spendMicrosByCurrency());
        assertThat(index.covered(dayBefore)).hasSize(filesBefore.size() + 1);

        // A day with no rows at all, forced, with the index in use: nothing to look up, no rows, SUCCEEDED.
        RunRecord empty = run(BatchOptions.of(DAY.plusDays(20), TABLES).withForce(true));
        assertThat(empty.status()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(empty.inputRows()).isZero();
        assertThat(empty.outputRows()).isZero();
    }

    private static List<String> runIdsOnExactRows() {
        return spark.table(TABLES.statsTable()).where("dt = '" + DAY + "'").select("batch_run_id").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    private static List<String> rowsWithoutRunId() {
        return spark.table(TABLES.statsTable()).where("dt = '" + DAY + "'").drop("batch_run_id").collectAsList()
                .stream().map(Row::toString).sorted().toList();
    }
}
