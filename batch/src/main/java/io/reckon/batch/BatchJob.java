package io.reckon.batch;

import io.reckon.coordination.DayLease;
import io.reckon.coordination.DayLeases;
import io.reckon.coordination.LeaseHeldException;

import io.reckon.platform.hive.HiveCatalog;
import io.reckon.schemas.time.UtcTime;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * One batch run: checks completeness, reads the archive through the metastore, runs {@link BatchPipeline}, replaces
 * the day's partitions of the exact tables (INSERT OVERWRITE ... PARTITION (dt=...)), refreshes readers and records
 * the run in {@code batch_runs}. Idempotent: a re-run (also after a run killed midway) replaces the same partitions
 * with the same rows; only {@code batch_run_id} differs.
 */
public final class BatchJob {
    public static final int STEPS = 7;

    private BatchJob() {
    }

    /** Runs with the marker-file completeness check on the raw table's location. */
    public static RunRecord run(SparkSession spark, BatchOptions options, DayLeases leases, Progress progress) {
        HourCompleteness completeness = new MarkerFileCompleteness(spark.sparkContext().hadoopConfiguration(),
                tableLocation(spark, options.tables().rawTable()), options.markerName());
        return run(spark, options, completeness, leases, progress);
    }

    /**
     * The run of {@code options.day()}, under the day's lease from {@code leases}: refused (and recorded as REFUSED)
     * while another batch or reconcile holds it, and checked again before each partition it replaces and before it
     * records its result.
     */
    public static RunRecord run(SparkSession spark, BatchOptions options, HourCompleteness completeness,
                                DayLeases leases, Progress progress) {
        LocalDate day = options.day();
        TableNames tables = options.tables();
        long startedAt = System.currentTimeMillis();
        String runId = RunRecord.newRunId(day, startedAt);
        progress.line("run " + runId + ": " + day + (options.hours().isFullDay() ? "" : " hours " + options.hours())
                + " from " + tables.rawTable() + (options.force() ? " (--force)" : ""));
        DayLease lease;
        try {
            lease = leases.acquire(day, DayLeases.holder("batch run " + runId));
        } catch (LeaseHeldException e) {
            RunRecord refused = RunRecord.withoutCounts(runId, day, RunRecord.Status.REFUSED, options.force(),
                    startedAt, System.currentTimeMillis(), "refused: " + e.getMessage());
            record(spark, tables, refused);
            return refused;
        }
        try {
            return run(spark, options, completeness, lease, runId, startedAt, progress);
        } finally {
            lease.close();
        }
    }

    /** Fails the run before {@code what} if the lease ended: another run may own the day now. */
    private static void requireLease(DayLease lease, String what) {
        if (!lease.held()) {
            throw new IllegalStateException(lease.describe() + " was lost before " + what + "; another batch or "
                    + "reconcile may be working on the day now: nothing more is written");
        }
    }

    private static RunRecord run(SparkSession spark, BatchOptions options, HourCompleteness completeness,
                                 DayLease lease, String runId, long startedAt, Progress progress) {
        LocalDate day = options.day();
        TableNames tables = options.tables();

        progress.step(1, "completeness: " + completeness.describe());
        List<Integer> incomplete = completeness.incompleteHours(day, options.hours());
        String note = "";
        if (!incomplete.isEmpty()) {
            String what = "hour(s) " + compact(incomplete) + " of " + day + " not marked complete";
            if (!options.force()) {
                RunRecord refused = RunRecord.withoutCounts(runId, day, RunRecord.Status.REFUSED, false, startedAt,
                        System.currentTimeMillis(), "refused: " + what + " (" + completeness.describe()
                                + "); the archive may still be receiving them. Re-run with --force to compute anyway.");
                record(spark, tables, refused);
                return refused;
            }
            note = "forced over incomplete input: " + what;
            progress.info("FORCED: " + what);
        } else {
            progress.info("all " + options.hours().hours().size() + " hour(s) marked complete");
        }

        String previousAnsi = spark.conf().get("spark.sql.ansi.enabled", "false");
        // ANSI mode: a long sum that overflowed would fail the run instead of wrapping silently.
        spark.conf().set("spark.sql.ansi.enabled", "true");
        String previousOverwriteMode = spark.conf().get("spark.sql.sources.partitionOverwriteMode", "static");
        spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        spark.conf().set("hive.exec.dynamic.partition", "true");
        spark.conf().set("hive.exec.dynamic.partition.mode", "nonstrict");
        String view = "reckon_batch_" + runId.replaceAll("[^A-Za-z0-9]", "_");
        BatchPipeline.Pipeline pipeline = null;
        RunRecord partial = RunRecord.withoutCounts(runId, day, RunRecord.Status.FAILED, options.force(), startedAt,
                startedAt, note);
        try {
            progress.step(2, "read and re-validate " + tables.rawTable() + " dt=" + day + " hr " + options.hours()
                    + "; other copies of its ids from " + options.window());
            Dataset<Row> raw = spark.table(tables.rawTable());
            Column isTarget = col("dt").equalTo(lit(day.toString()))
                    .and(col("hr").isin((Object[]) options.hours().hrValues().toArray(new String[0])));
            Dataset<Row> target = raw.where(isTarget);
            Column others = isTarget.unary_$bang().and(col("placed_by_record_time").equalTo(lit(false)));
            if (options.window().fromDt(day).isPresent()) {
                others = others.and(col("dt").geq(lit(options.window().fromDt(day).get())));
            }
            if (options.window().toDt(day).isPresent()) {
                others = others.and(col("dt").leq(lit(options.window().toDt(day).get())));
            }
            pipeline = BatchPipeline.build(target, raw.where(others), runId, true);
            InputStats input = InputStats.of(pipeline.validated());
            long repeated = target.count() - input.rows();
            progress.info(String.format(Locale.ROOT, "%,d rows read: %,d valid, %,d invalid; partitions %s",
                    input.rows(), input.valid(), input.rows() - input.valid(), input.maxOffsetByPartition().keySet()));
            if (repeated > 0) {
                progress.info(String.format(Locale.ROOT, "%,d archive row(s) repeat a position already archived "
                        + "(a re-read by the speed layer): each position counted once", repeated));
            }

            progress.step(3, "dedup (first valid copy by partition offset) and aggregate at the grain");
            Dataset<Row> minute = pipeline.minute();
            if (!options.hours().isFullDay()) {
                // Keep the rows of the other hours that the partition already holds (a partial run replaces only
                // its hours). Checkpointing below cuts the lineage, so the overwrite does not read what it deletes.
                Dataset<Row> kept = spark.table(tables.statsTable()).where(col("dt").equalTo(lit(day.toString())))
                        .where(outsideHours(day, options.hours()))
                        .select(BatchPipeline.columns(BatchPipeline.STATS_COLUMNS));
                minute = minute.unionByName(kept);
            }
            Dataset<Row> staged = materialize(spark, minute);
            OutputStats output = OutputStats.of(staged, runId);
            output.requireWithin(day, options.hours());
            long duplicates = input.valid() - output.countedEvents();
            progress.info(String.format(Locale.ROOT, "%,d events count, %,d duplicates dropped; %,d minute rows",
                    output.countedEvents(), duplicates, output.rows()));

            progress.step(4, "write " + tables.statsTable() + " partition dt=" + day + " (INSERT OVERWRITE)");
            staged.createOrReplaceTempView(view);
            requireLease(lease, "replacing " + tables.statsTable() + " dt=" + day);
            overwritePartition(spark, tables.statsTable(), day, BatchPipeline.STATS_COLUMNS, view, output.rows());

            progress.step(5, "write " + tables.billingTable() + " partition dt=" + day + " (INSERT OVERWRITE)");
            Dataset<Row> billing = materialize(spark, BatchPipeline.billingRollup(staged, runId));
            long billingRows = billing.count();
            billing.createOrReplaceTempView(view + "_billing");
            requireLease(lease, "replacing " + tables.billingTable() + " dt=" + day);
            overwritePartition(spark, tables.billingTable(), day, BatchPipeline.BILLING_COLUMNS, view + "_billing",
                    billingRows);

            progress.step(6, "write " + tables.deadLetterTable() + " partition dt=" + day + " (INSERT OVERWRITE)");
            Dataset<Row> deadLetters = BatchPipeline.deadLetters(pipeline.validated(), options.sourceTopic(), startedAt);
            if (!options.hours().isFullDay()) {
                // The other hours' dead letters stay: those of rows this run did not read.
                Dataset<Row> readNow = pipeline.validated().select(col("kafka_partition").as("p"), col("kafka_offset").as("o"));
                Dataset<Row> existing = spark.table(tables.deadLetterTable()).where(col("dt").equalTo(lit(day.toString())));
                Dataset<Row> kept = existing.join(readNow, existing.col("kafka_partition").equalTo(readNow.col("p"))
                        .and(existing.col("kafka_offset").equalTo(readNow.col("o"))), "left_anti")
                        .select(BatchPipeline.columns(BatchPipeline.DEAD_LETTER_COLUMNS));
                deadLetters = deadLetters.unionByName(kept);
            }
            Dataset<Row> stagedDeadLetters = materialize(spark, deadLetters);
            long deadLetterRows = stagedDeadLetters.count();
            stagedDeadLetters.createOrReplaceTempView(view + "_dead_letters");
            requireLease(lease, "replacing " + tables.deadLetterTable() + " dt=" + day);
            overwritePartition(spark, tables.deadLetterTable(), day, BatchPipeline.DEAD_LETTER_COLUMNS,
                    view + "_dead_letters", deadLetterRows);
            progress.info(String.format(Locale.ROOT, "%,d dead letters", deadLetterRows));

            progress.step(7, "refresh readers, verify, record the run in " + tables.runsTable());
            spark.catalog().refreshTable(tables.statsTable());
            spark.catalog().refreshTable(tables.billingTable());
            spark.catalog().refreshTable(tables.deadLetterTable());
            long readBack = spark.table(tables.statsTable()).where(col("dt").equalTo(lit(day.toString()))).count();
            if (readBack != output.rows()) {
                throw new IllegalStateException("read back " + readBack + " rows of " + tables.statsTable() + " dt="
                        + day + " after writing " + output.rows());
            }
            if (options.hiveServer2Url() != null && !options.hiveServer2Url().isBlank()) {
                HiveServer2Refresh.refresh(options.hiveServer2Url(),
                        List.of(tables.statsTable(), tables.billingTable(), tables.deadLetterTable(), tables.runsTable()));
                progress.info("REFRESH TABLE sent to " + options.hiveServer2Url());
            }
            RunRecord done = new RunRecord(runId, day.toString(), RunRecord.Status.SUCCEEDED, options.force(),
                    startedAt, System.currentTimeMillis(), input.rows(), input.valid(), input.rows() - input.valid(),
                    duplicates, repeated, output.rows(), billingRows, output.impressions(), output.clicks(),
                    output.spendByCurrency(), input.maxOffsetByPartition(),
                    (options.hours().isFullDay() ? "" : "hours " + options.hours() + " recomputed, other hours kept. ")
                            + note);
            requireLease(lease, "recording the run as SUCCEEDED");
            partial = done;
            record(spark, tables, done);
            if (options.hiveServer2Url() != null && !options.hiveServer2Url().isBlank()) {
                HiveServer2Refresh.refresh(options.hiveServer2Url(), List.of(tables.runsTable()));
            }
            return done;
        } catch (Exception e) {
            RunRecord failed = partial.failed(System.currentTimeMillis(), "failed: " + e);
            try {
                if (partial.status() != RunRecord.Status.SUCCEEDED) {
                    record(spark, tables, failed);
                }
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("batch run " + runId + " failed: " + e.getMessage(), e);
        } finally {
            spark.conf().set("spark.sql.ansi.enabled", previousAnsi);
            spark.conf().set("spark.sql.sources.partitionOverwriteMode", previousOverwriteMode);
            spark.catalog().dropTempView(view);
            spark.catalog().dropTempView(view + "_billing");
            spark.catalog().dropTempView(view + "_dead_letters");
            if (pipeline != null) {
                pipeline.validated().unpersist();
            }
        }
    }

    /**
     * Replaces partition {@code dt=day} of {@code table} with the rows of {@code view} (all of that day).
     *
     * <p>Written as a dynamic-partition INSERT OVERWRITE with {@code partitionOverwriteMode=dynamic}: Spark then
     * writes into a staging folder of its own job ({@code .spark-staging-<job>}) and swaps the partition folder in
     * at commit. A static {@code PARTITION (dt='...')} insert would delete the partition before writing and share the
     * table's {@code _temporary} folder with any other writer of the table, so a killed run could leave committed
     * task files there for the next run to merge in (duplicated rows). A day without rows drops the partition
     * (a dynamic overwrite of no rows would keep the old one).
     */
    static void overwritePartition(SparkSession spark, String table, LocalDate day, String[] columns, String view,
                                   long rows) {
        if (rows == 0) {
            spark.sql("ALTER TABLE " + table + " DROP IF EXISTS PARTITION (dt='" + day + "')");
            return;
        }
        spark.sql("INSERT OVERWRITE TABLE " + table + " PARTITION (dt) SELECT " + String.join(", ", columns)
                + ", '" + day + "' AS dt FROM " + view);
    }

    /**
     * Computes a dataset now and cuts its lineage, so that the old partition is replaced only once the new rows
     * exist, and the overwrite never reads the table it replaces. A reliable checkpoint when the cluster has a
     * checkpoint directory (survives a lost executor), else a local one (executor storage).
     */
    static Dataset<Row> materialize(SparkSession spark, Dataset<Row> data) {
        return spark.sparkContext().getCheckpointDir().isDefined() ? data.checkpoint(true)
                : data.localCheckpoint(true);
    }

    /** Appends a run to the runs table. */
    static void record(SparkSession spark, TableNames tables, RunRecord run) {
        spark.createDataFrame(List.of(run.toRow()), RunRecord.SCHEMA).write().insertInto(tables.runsTable());
    }

    /** The location of a table, from the metastore (Spark's DESCRIBE TABLE EXTENDED). */
    public static String tableLocation(SparkSession spark, String table) {
        List<String[]> rows = new ArrayList<>();
        for (Row row : spark.sql("DESCRIBE TABLE EXTENDED " + HiveCatalog.qualified(table)).collectAsList()) {
            rows.add(new String[] {row.getString(0), row.getString(1)});
        }
        return HiveCatalog.locationIn(rows)
                .orElseThrow(() -> new IllegalStateException("the metastore gives no location for " + table));
    }

    /** window_start outside the hours (for keeping other hours' rows in a partial run). */
    static Column outsideHours(LocalDate day, HourRange hours) {
        long from = UtcTime.startOfDay(day) + hours.first() * UtcTime.HOUR_MS;
        long to = UtcTime.startOfDay(day) + (hours.last() + 1) * UtcTime.HOUR_MS;
        return col("window_start").lt(lit(from)).or(col("window_start").geq(lit(to)));
    }

    /** "3, 5-7, 9" for the hours 3,5,6,7,9. */
    static String compact(List<Integer> hours) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < hours.size()) {
            int j = i;
            while (j + 1 < hours.size() && hours.get(j + 1) == hours.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? String.valueOf(hours.get(i)) : hours.get(i) + "-" + hours.get(j));
            i = j + 1;
        }
        return String.join(", ", parts);
    }

    /** Counts over the validated target rows, per Kafka partition. */
    record InputStats(long rows, long valid, Map<Integer, Long> maxOffsetByPartition) {
        static InputStats of(Dataset<Row> validated) {
            long rows = 0;
            long valid = 0;
            Map<Integer, Long> maxOffsets = new TreeMap<>();
            for (Row r : validated.groupBy("kafka_partition")
                    .agg(count(lit(1)).as("rows"), sum(when(col("valid"), lit(1L)).otherwise(lit(0L))).as("valid"),
                            max("kafka_offset").as("max_offset"))
                    .collectAsList()) {
                rows += r.getLong(1);
                valid += r.getLong(2);
                maxOffsets.put(r.getInt(0), r.getLong(3));
            }
            return new InputStats(rows, valid, maxOffsets);
        }
    }

    /**
     * Totals over the staged minute rows of the partition.
     *
     * @param countedEvents events counted by THIS run (rows it computed, not rows kept from an earlier run)
     */
    record OutputStats(long rows, long impressions, long clicks, long countedEvents, Map<String, Long> spendByCurrency,
                       Long minWindow, Long maxWindow, Long minFreshWindow, Long maxFreshWindow) {
        static OutputStats of(Dataset<Row> staged, String runId) {
            long rows = 0;
            long impressions = 0;
            long clicks = 0;
            long counted = 0;
            Map<String, Long> spend = new TreeMap<>();
            Long minWindow = null;
            Long maxWindow = null;
            Long minFresh = null;
            Long maxFresh = null;
            for (Row r : staged.groupBy(col("currency"), col("batch_run_id").equalTo(lit(runId)).as("fresh"))
                    .agg(count(lit(1)).as("rows"), sum("impressions").as("impressions"), sum("clicks").as("clicks"),
                            sum("spend_micros").as("spend"), min("window_start").as("min_w"),
                            max("window_start").as("max_w"))
                    .collectAsList()) {
                rows += r.getLong(2);
                impressions += r.getLong(3);
                clicks += r.getLong(4);
                spend.merge(r.getString(0), r.getLong(5), Math::addExact);
                minWindow = minWindow == null ? r.getLong(6) : Math.min(minWindow, r.getLong(6));
                maxWindow = maxWindow == null ? r.getLong(7) : Math.max(maxWindow, r.getLong(7));
                if (r.getBoolean(1)) {
                    counted += r.getLong(3) + r.getLong(4);
                    minFresh = minFresh == null ? r.getLong(6) : Math.min(minFresh, r.getLong(6));
                    maxFresh = maxFresh == null ? r.getLong(7) : Math.max(maxFresh, r.getLong(7));
                }
            }
            return new OutputStats(rows, impressions, clicks, counted, spend, minWindow, maxWindow, minFresh,
                    maxFresh);
        }

        /** Every computed window must lie in the recomputed hours: else the archive placed a valid record wrongly. */
        void requireWithin(LocalDate day, HourRange hours) {
            long from = UtcTime.startOfDay(day) + hours.first() * UtcTime.HOUR_MS;
            long to = UtcTime.startOfDay(day) + (hours.last() + 1) * UtcTime.HOUR_MS;
            if (minFreshWindow != null && (minFreshWindow < from || maxFreshWindow >= to)) {
                throw new IllegalStateException("valid records in the archive partitions of " + day + " hours "
                        + hours + " have windows from " + minFreshWindow + " to " + maxFreshWindow
                        + ", outside [" + from + ", " + to + "): the archive's placement is broken");
            }
        }
    }
}
