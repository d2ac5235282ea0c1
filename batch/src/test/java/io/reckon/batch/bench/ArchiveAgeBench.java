package io.reckon.batch.bench;

import io.reckon.batch.ArchiveFixture;
import io.reckon.batch.BatchJob;
import io.reckon.batch.BatchOptions;
import io.reckon.batch.KeyIndex;
import io.reckon.batch.HourRange;
import io.reckon.batch.Progress;
import io.reckon.batch.RunRecord;
import io.reckon.batch.SparkConfFile;
import io.reckon.batch.TableNames;
import io.reckon.coordination.DayLeases;
import io.reckon.coordination.ZooKeeperDayLeases;
import io.reckon.schemas.definitions.ContractResources;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark (bench/batch/archive-age.sh): is a night's batch cost flat in the archive's age? The same day of N
 * events recomputed in two databases side by side in one run: A holds the day alone, B the day behind H days of N
 * events each (every 1,000th record of a day re-sends an id of the day before, so B's day has copies to find).
 * Runs: B without the key index (every key of the archive read, the old way), then A and B alternately with it,
 * {@link #ROUNDS} times, compared by their medians. B's history but its newest day is indexed once before, timed, so that B's first run indexes the day before, as
 * each night does (a run indexes what is new outside its own day); its second run finds nothing new.
 * Args: spark-defaults.conf, events per day, history days, results file, ZooKeeper of the day leases.
 */
public final class ArchiveAgeBench {
    private static final LocalDate DAY = LocalDate.parse("2025-11-25");
    private static final long CROSS_DAY_EVERY = 1_000;
    /** A and B alternate this many times: single runs here vary by a few seconds, medians less. */
    private static final int ROUNDS = 4;

    private ArchiveAgeBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = SparkConfFile.read(Path.of(args[0]));
        long n = Long.parseLong(args[1]);
        int history = Integer.parseInt(args[2]);
        Path results = Path.of(args[3]);
        String zk = args.length > 4 ? args[4] : "127.0.0.1:19181";
        SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("reckon archive-age bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "8");
        settings.forEach(b::config);
        SparkSession spark = b.enableHiveSupport().getOrCreate();
        String suffix = Long.toHexString(System.nanoTime());
        TableNames alone = TableNames.inDatabase("bench_age_a_" + suffix);
        TableNames behind = TableNames.inDatabase("bench_age_b_" + suffix);
        String load = loadAverage();
        try (DayLeases leasesA = ZooKeeperDayLeases.connect(zk, alone.database());
             DayLeases leasesB = ZooKeeperDayLeases.connect(zk, behind.database())) {
            for (TableNames t : List.of(alone, behind)) {
                for (String file : ContractResources.HIVE_DDL) {
                    spark.sql(ContractResources.hiveStatement(file, t.database(),
                            settings.get("spark.sql.warehouse.dir")));
                }
            }
            spark.conf().set("hive.exec.dynamic.partition", "true");
            spark.conf().set("hive.exec.dynamic.partition.mode", "nonstrict");
            long t0 = System.nanoTime();
            writeDay(spark, alone, DAY, n, 0);
            writeDay(spark, behind, DAY, n, 0);
            for (int k = 1; k <= history; k++) {
                writeDay(spark, behind, DAY.minusDays(k), n, k);
            }
            double writeS = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "archives written in %.1f s%n", writeS);

            String rawB = BatchJob.tableLocation(spark, behind.rawTable());
            long t1 = System.nanoTime();
            KeyIndex indexB = new KeyIndex(spark, KeyIndex.locationFor(rawB), new Progress(System.out, 1));
            int files = indexB.refresh(KeyIndex.filesByDt(spark.table(behind.rawTable())
                    .where("dt < '" + DAY.minusDays(1) + "'")).orElseThrow());
            double indexS = (System.nanoTime() - t1) / 1e9;
            long indexBytes = folderBytes(Path.of(URI.create(KeyIndex.locationFor(rawB))));

            List<String> lines = new ArrayList<>();
            Run old = run(spark, BatchOptions.of(DAY, behind).withKeyIndex(false), leasesB, "B, no index");
            List<Run> runsA = new ArrayList<>();
            List<Run> runsB = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                runsA.add(run(spark, BatchOptions.of(DAY, alone), leasesA, "A, round " + round));
                runsB.add(run(spark, BatchOptions.of(DAY, behind), leasesB, "B, round " + round
                        + (round == 1 ? " (indexes the day before)" : "")));
            }
            long expectedCrossDay = expectedCrossDayCopies(n);
            List<Run> all = new ArrayList<>(List.of(old));
            for (int i = 0; i < ROUNDS; i++) {
                all.add(runsA.get(i));
                all.add(runsB.get(i));
            }
            for (Run r : all) {
                lines.add(String.format(Locale.ROOT, "| %s | %.1f s | %,d | %,d | %s |", r.name, r.seconds,
                        r.record.duplicateRows(), r.record.totalImpressions() + r.record.totalClicks(),
                        r.record.status()));
            }
            Run a1 = runsA.get(0);
            Run b1 = runsB.get(0);
            boolean exact = b1.record.duplicateRows() - a1.record.duplicateRows() == expectedCrossDay
                    && runsB.stream().allMatch(r -> r.record.duplicateRows() == b1.record.duplicateRows())
                    && runsA.stream().allMatch(r -> r.record.duplicateRows() == a1.record.duplicateRows())
                    && old.record.duplicateRows() == b1.record.duplicateRows();
            double medianA = median(runsA);
            double medianB = median(runsB);
            double medianLaterB = median(runsB.subList(1, ROUNDS));
            String report = String.format(Locale.ROOT, """
                    ## Archive-age benchmark %s

                    - machine: %d cores, `local[2]`, driver heap %d MB; load average before: %s, after: %s
                    - a day of %,d events (3%% duplicates within the day, 1%% invalid); A: the day alone; B: the day behind
                      %d days of %,d events (%,d archive rows), every %,dth record re-sending an id of the day before
                    - archives written in %.1f s; B's %d earlier days but the newest indexed once in %.1f s (%,d files, %,d index bytes,
                      %.1f bytes an archived record)

                    | run | time | duplicates | counted events | status |
                    |---|---|---|---|---|
                    %s

                    - **B / A with the key index, medians of %d rounds: %.2f** (%.1f s / %.1f s; target ≤ 1.1); B's
                      rounds after the first (nothing new to index) / A: %.2f; B without the index / A: %.2f
                    - exact: B's duplicates − A's = %,d, the cross-day copies written (%,d): %s; B with and without
                      the index equal: %s

                    """, Instant.now(), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, load, loadAverage(), n, history, n,
                    (history + 1) * n, CROSS_DAY_EVERY, writeS, history - 1, indexS, files, indexBytes,
                    (double) indexBytes / (Math.max(1, history - 1) * n), String.join("\n", lines), ROUNDS,
                    medianB / medianA, medianB, medianA, medianLaterB / medianA, old.seconds / medianA,
                    b1.record.duplicateRows() - a1.record.duplicateRows(), expectedCrossDay, exact ? "yes" : "NO",
                    old.record.duplicateRows() == b1.record.duplicateRows() ? "yes" : "NO");
            System.out.print(report);
            Files.createDirectories(results.toAbsolutePath().getParent());
            Files.writeString(results, report, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (!exact) {
                throw new IllegalStateException("the runs disagree: see " + results);
            }
        } finally {
            spark.sql("DROP DATABASE IF EXISTS " + alone.database() + " CASCADE");
            spark.sql("DROP DATABASE IF EXISTS " + behind.database() + " CASCADE");
            spark.stop();
        }
    }

    private record Run(String name, double seconds, RunRecord record) {
    }

    private static double median(List<Run> runs) {
        double[] s = runs.stream().mapToDouble(Run::seconds).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static Run run(SparkSession spark, BatchOptions options, DayLeases leases, String name) {
        long t = System.nanoTime();
        Progress progress = new Progress(System.out, BatchJob.STEPS);
        progress.attach(spark.sparkContext(), 0); // a line per Spark stage, with its time
        RunRecord record = BatchJob.run(spark, options, leases, progress);
        progress.close();
        double s = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %.1f s, %s%n", name, s, record.status());
        return new Run(name, s, record);
    }

    /** A day's archive and its completeness markers; {@code age} days before the newest (offsets rise with time). */
    private static void writeDay(SparkSession spark, TableNames tables, LocalDate day, long n, int age) {
        long offsetBase = (long) (1000 - age) * n * 2;
        spark.range(0, n, 1, 4).toDF("i")
                .mapPartitions(new BatchBench.Synth(n, day, offsetBase, CROSS_DAY_EVERY), Encoders.row(ArchiveFixture.RAW))
                .write().insertInto(tables.rawTable());
        String rawLocation = BatchJob.tableLocation(spark, tables.rawTable());
        try {
            ArchiveFixture.markComplete(rawLocation, day, HourRange.FULL_DAY);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The day's records that re-send an id the day before holds (see {@link BatchBench.Synth}). */
    static long expectedCrossDayCopies(long n) {
        long count = 0;
        for (long i = 0; i < n; i++) {
            long j = i + 1;
            boolean sends = i % CROSS_DAY_EVERY == 7;
            // j holds its own id there unless it re-sends one itself, is a within-day copy, or is invalid (bad currency)
            boolean dayBeforeHoldsIt = j < n && j % CROSS_DAY_EVERY != 7 && !(j % 100 < 3 && j > 10_000)
                    && j % 100 != 50;
            if (sends && dayBeforeHoldsIt) {
                count++;
            }
        }
        return count;
    }

    private static long folderBytes(Path folder) throws java.io.IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (var files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".parquet"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "?";
        }
    }
}
