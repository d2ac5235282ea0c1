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
            return new BatchRun(spark, options, completeness, lease, runId, startedAt, progress).run();
        } finally {
            lease.close();
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

    /** Counts over the target's positions ({@link BatchPipeline.Pipeline#positions}), per Kafka partition. */
    record InputStats(long rows, long valid, Map<Integer, Long> maxOffsetByPartition) {
        static InputStats of(Dataset<Row> positions) {
            long rows = 0;
            long valid = 0;
            Map<Integer, Long> maxOffsets = new TreeMap<>();
            for (Row r : positions.groupBy("kafka_partition")
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
