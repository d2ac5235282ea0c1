package io.reckon.batch.bench;

import io.reckon.batch.ArchiveFixture;

import io.reckon.batch.BatchJob;
import io.reckon.batch.BatchOptions;
import io.reckon.batch.HourRange;
import io.reckon.batch.Progress;
import io.reckon.batch.RunRecord;
import io.reckon.batch.SparkConfFile;
import io.reckon.batch.TableNames;
import io.reckon.schemas.archive.ArchivePlacement;
import io.reckon.schemas.definitions.ContractResources;
import io.reckon.schemas.key.DefaultPartitioner;
import io.reckon.schemas.validation.IngressValidator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Benchmark (bench/batch/run.sh): recompute one day of N archived events with reckon's job, side by side in one run
 * with a plain Spark SQL GROUP BY over the same Parquet files (JSON parsed with from_json, no validation, no dedup,
 * output written as Parquet). Args: spark-defaults.conf, events, results file[, ZooKeeper of the day leases].
 */
public final class BatchBench {
    private static final LocalDate DAY = LocalDate.parse("2025-11-25");
    private static final long DAY_START = DAY.toEpochDay() * 86_400_000L;

    private BatchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path conf = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        Path results = Path.of(args[2]);
        Map<String, String> settings = SparkConfFile.read(conf);
        SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("reckon batch bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "8");
        settings.forEach(b::config);
        SparkSession spark = b.enableHiveSupport().getOrCreate();
        String db = "bench_batch_" + Long.toHexString(System.nanoTime());
        TableNames tables = TableNames.inDatabase(db);
        try {
            for (String file : ContractResources.HIVE_DDL) {
                spark.sql(ContractResources.hiveStatement(file, db, settings.get("spark.sql.warehouse.dir")));
            }
            long t0 = System.nanoTime();
            spark.conf().set("hive.exec.dynamic.partition", "true");
            spark.conf().set("hive.exec.dynamic.partition.mode", "nonstrict");
            spark.range(0, n, 1, 8).toDF("i").mapPartitions(new Synth(n), Encoders.row(ArchiveFixture.RAW))
                    .write().insertInto(tables.rawTable());
            double loadS = (System.nanoTime() - t0) / 1e9;
            String rawLocation = BatchJob.tableLocation(spark, tables.rawTable());
            ArchiveFixture.markComplete(rawLocation, DAY, HourRange.FULL_DAY);
            System.out.printf(Locale.ROOT, "archive of %,d events written in %.1f s%n", n, loadS);

            double plainS = plainGroupBy(spark, rawLocation, settings.get("spark.sql.warehouse.dir") + "/" + db
                    + ".db/plain_out");
            System.out.printf(Locale.ROOT, "plain GROUP BY: %.1f s%n", plainS);
            long t1 = System.nanoTime();
            RunRecord run;
            try (io.reckon.coordination.DayLeases leases = io.reckon.coordination.ZooKeeperDayLeases.connect(
                    args.length > 3 ? args[3] : "127.0.0.1:19181", tables.database())) {
                Progress progress = new Progress(System.out, BatchJob.STEPS);
                progress.attach(spark.sparkContext(), 0); // a line per Spark stage, with its time: where the run goes
                run = BatchJob.run(spark, BatchOptions.of(DAY, tables), leases, progress);
                progress.close();
            }
            double jobS = (System.nanoTime() - t1) / 1e9;
            System.out.print(run.summary());
            double plainS2 = plainGroupBy(spark, rawLocation, settings.get("spark.sql.warehouse.dir") + "/" + db
                    + ".db/plain_out");
            String report = String.format(Locale.ROOT, """
                    ## Batch benchmark %s

                    - machine: %d cores, `local[2]`, driver heap %d MB; load average before: %s
                    - events: %,d archived records of %s (3%% duplicates, 1%% invalid), %.1f s to write the archive
                    - reckon batch job: %.1f s, %,.0f rows/s (status %s, %,d minute rows, %,d duplicates, %,d invalid)
                    - plain Spark SQL GROUP BY (from_json, no validation, no dedup), before the job: %.1f s, %,.0f rows/s
                    - plain Spark SQL GROUP BY, after the job: %.1f s, %,.0f rows/s
                    - overhead ratio (job / mean plain): %.2f

                    """, Instant.now(), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, loadAverage(), n, DAY, loadS, jobS, n / jobS,
                    run.status(), run.outputRows(), run.duplicateRows(), run.invalidRows(), plainS, n / plainS,
                    plainS2, n / plainS2, jobS / ((plainS + plainS2) / 2));
            System.out.print(report);
            Files.createDirectories(results.toAbsolutePath().getParent());
            Files.writeString(results, report, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } finally {
            spark.sql("DROP DATABASE IF EXISTS " + db + " CASCADE");
            spark.stop();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "?";
        }
    }

    private static double plainGroupBy(SparkSession spark, String rawLocation, String out) {
        StructType event = new StructType()
                .add("event_type", DataTypes.StringType).add("event_time", DataTypes.LongType)
                .add("advertiser_id", DataTypes.StringType).add("campaign_id", DataTypes.StringType)
                .add("ad_id", DataTypes.StringType).add("cost_micros", DataTypes.LongType)
                .add("currency", DataTypes.StringType);
        long t = System.nanoTime();
        Dataset<Row> e = spark.read().parquet(rawLocation + "/dt=" + DAY)
                .select(from_json(col("record_value").cast("string"), event).as("e")).select("e.*");
        e.groupBy(col("advertiser_id"), col("campaign_id"), col("ad_id"), col("currency"),
                        col("event_time").minus(col("event_time").mod(lit(60_000L))).as("window_start"))
                .agg(sum(when(col("event_type").equalTo("impression"), 1L).otherwise(0L)).as("impressions"),
                        sum(when(col("event_type").equalTo("click"), 1L).otherwise(0L)).as("clicks"),
                        sum("cost_micros").as("spend_micros"), count(lit(1)).as("events"))
                .write().mode("overwrite").parquet(out);
        return (System.nanoTime() - t) / 1e9;
    }


    /**
     * Synthetic day: record i at an even share of the day; 3% re-use an earlier id of the day, 1% have a bad
     * currency. Ids carry the day ({@code e-<epochDay>-<i>}) so days never share one, except that with
     * {@code crossDayEvery > 0} every that-many-th record re-sends the id of the next record of the day before
     * (a copy that counts there, not here). Offsets start at {@code offsetBase}, so a later day's are higher.
     */
    static final class Synth implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final long n;
        private final long dayStart;
        private final long epochDay;
        private final long offsetBase;
        private final long crossDayEvery;

        Synth(long n) {
            this(n, DAY, 0, 0);
        }

        Synth(long n, LocalDate day, long offsetBase, long crossDayEvery) {
            this.n = n;
            this.dayStart = day.toEpochDay() * 86_400_000L;
            this.epochDay = day.toEpochDay();
            this.offsetBase = offsetBase;
            this.crossDayEvery = crossDayEvery;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return input.hasNext();
                }

                @Override
                public Row next() {
                    long i = input.next().getLong(0);
                    long ts = dayStart + (long) ((double) i / n * 86_399_000L);
                    long eventTime = Math.max(dayStart, ts - (i % 7) * 1000);
                    String id = crossDayEvery > 0 && i % crossDayEvery == 7 ? "e-" + (epochDay - 1) + "-" + (i + 1)
                            : i % 100 < 3 && i > 10_000 ? "e-" + epochDay + "-" + (i - 1 - i % 9_973)
                            : "e-" + epochDay + "-" + i;
                    String currency = i % 100 == 50 ? "usd" : (i % 5 == 0 ? "EUR" : "USD");
                    boolean click = i % 33 == 0;
                    String value = "{\"event_id\":\"" + id + "\",\"event_type\":\"" + (click ? "click" : "impression")
                            + "\",\"event_time\":" + eventTime + ",\"advertiser_id\":\"adv-" + (i % 40)
                            + "\",\"campaign_id\":\"cmp-" + (i % 200) + "\",\"ad_id\":\"ad-" + (i % 1200)
                            + "\",\"cost_micros\":" + (click ? 250_000 : 2_500) + ",\"currency\":\"" + currency
                            + "\",\"user_id\":\"u-" + (i % 100_000) + "\"}";
                    byte[] key = id.getBytes(StandardCharsets.UTF_8);
                    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                    ArchivePlacement p = ArchivePlacement.of(IngressValidator.validate(key, bytes, ts), ts);
                    return RowFactory.create(key, bytes, DefaultPartitioner.partitionFor(key, 4), offsetBase + i, ts,
                            p.eventTime(), p.placedByRecordTime(), 0L, p.dt(), p.hr());
                }
            };
        }
    }
}
