package io.reckon.batch;

import io.reckon.coordination.DayLease;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * One batch run of a day under its lease, as its seven steps ({@link BatchJob#STEPS}), each a method that reads what
 * the earlier ones left in this object. The order is the run's promise: nothing is replaced before the new rows exist
 * (steps 2-3), the lease is checked before each partition is replaced (4-6), and the run is recorded SUCCEEDED only
 * after the rows are read back (7); any failure is recorded FAILED with what was known by then.
 */
final class BatchRun {
    private static final String CACHE_COMPRESSED = "spark.sql.inMemoryColumnarStorage.compressed";
    private final SparkSession spark;
    private final BatchOptions options;
    private final HourCompleteness completeness;
    private final DayLease lease;
    private final String runId;
    private final long startedAt;
    private final Progress progress;
    private final LocalDate day;
    private final TableNames tables;
    /** Temporary views of the staged rows; dropped when the run ends. */
    private final String view;

    // What the steps found, in their order.
    private String note = "";
    private BatchPipeline.Pipeline pipeline;
    private BatchJob.InputStats input;
    private long repeated;
    private Dataset<Row> staged;
    private BatchJob.OutputStats output;
    private long billingRows;
    private long deadLetterRows;

    BatchRun(SparkSession spark, BatchOptions options, HourCompleteness completeness, DayLease lease, String runId,
             long startedAt, Progress progress) {
        this.spark = spark;
        this.options = options;
        this.completeness = completeness;
        this.lease = lease;
        this.runId = runId;
        this.startedAt = startedAt;
        this.progress = progress;
        this.day = options.day();
        this.tables = options.tables();
        this.view = "reckon_batch_" + runId.replaceAll("[^A-Za-z0-9]", "_");
    }

    RunRecord run() {
        RunRecord refused = checkCompleteness();
        if (refused != null) {
            BatchJob.record(spark, tables, refused);
            return refused;
        }
        String previousAnsi = spark.conf().get("spark.sql.ansi.enabled", "false");
        // ANSI mode: a long sum that overflowed would fail the run instead of wrapping silently.
        spark.conf().set("spark.sql.ansi.enabled", "true");
        String previousOverwriteMode = spark.conf().get("spark.sql.sources.partitionOverwriteMode", "static");
        // The cached verdicts uncompressed: choosing a compression scheme per column (a boxed dictionary per string
        // column) was about a third of the validation pass's time, and the cache spills to disk when it must.
        String previousCompressed = spark.conf().get(CACHE_COMPRESSED, "true");
        spark.conf().set(CACHE_COMPRESSED, "false");
        spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        spark.conf().set("hive.exec.dynamic.partition", "true");
        spark.conf().set("hive.exec.dynamic.partition.mode", "nonstrict");
        RunRecord partial = RunRecord.withoutCounts(runId, day, RunRecord.Status.FAILED, options.force(), startedAt,
                startedAt, note);
        try {
            readAndValidate();
            dedupAndAggregate();
            writeStats();
            writeBilling();
            writeDeadLetters();
            RunRecord done = verify();
            requireLease("recording the run as SUCCEEDED");
            partial = done;
            BatchJob.record(spark, tables, done);
            if (hasHiveServer2()) {
                HiveServer2Refresh.refresh(options.hiveServer2Url(), List.of(tables.runsTable()));
            }
            return done;
        } catch (Exception e) {
            RunRecord failed = partial.failed(System.currentTimeMillis(), "failed: " + e);
            try {
                if (partial.status() != RunRecord.Status.SUCCEEDED) {
                    BatchJob.record(spark, tables, failed);
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
            spark.conf().set(CACHE_COMPRESSED, previousCompressed);
            spark.catalog().dropTempView(view);
            spark.catalog().dropTempView(view + "_billing");
            spark.catalog().dropTempView(view + "_dead_letters");
            if (pipeline != null) {
                pipeline.validated().unpersist();
            }
        }
    }

    /** Step 1: every hour marked complete, else the run is refused (or, with --force, goes on with a note). */
    private RunRecord checkCompleteness() {
        progress.step(1, "completeness: " + completeness.describe());
        List<Integer> incomplete = completeness.incompleteHours(day, options.hours());
        if (incomplete.isEmpty()) {
            progress.info("all " + options.hours().hours().size() + " hour(s) marked complete");
            return null;
        }
        String what = "hour(s) " + BatchJob.compact(incomplete) + " of " + day + " not marked complete";
        if (!options.force()) {
            return RunRecord.withoutCounts(runId, day, RunRecord.Status.REFUSED, false, startedAt,
                    System.currentTimeMillis(), "refused: " + what + " (" + completeness.describe()
                            + "); the archive may still be receiving them. Re-run with --force to compute anyway.");
        }
        note = "forced over incomplete input: " + what;
        progress.info("FORCED: " + what);
        return null;
    }

    /** Step 2: the day's hours from the archive, re-validated, with the other copies of their ids in the window. */
    private void readAndValidate() {
        progress.step(2, "read and re-validate " + tables.rawTable() + " dt=" + day + " hr " + options.hours()
                + "; other copies of its ids from " + options.window());
        Dataset<Row> raw = spark.table(tables.rawTable());
        Column isTarget = col("dt").equalTo(lit(day.toString()))
                .and(col("hr").isin((Object[]) options.hours().hrValues().toArray(new String[0])));
        Dataset<Row> target = raw.where(isTarget);
        Column others = isTarget.unary_$bang();
        if (options.window().fromDt(day).isPresent()) {
            others = others.and(col("dt").geq(lit(options.window().fromDt(day).get())));
        }
        if (options.window().toDt(day).isPresent()) {
            others = others.and(col("dt").leq(lit(options.window().toDt(day).get())));
        }
        long archived = target.count();
        BatchPipeline.Neighbours neighbours = options.keyIndex()
                ? new KeyIndex(spark, KeyIndex.locationFor(BatchJob.tableLocation(spark, tables.rawTable())),
                        progress).neighboursIn(raw.where(others), archived)
                : BatchPipeline.Neighbours.sameKeyIn(raw.where(others.and(col("placed_by_record_time")
                        .equalTo(lit(false)))));
        pipeline = BatchPipeline.build(target, neighbours, runId, true);
        input = BatchJob.InputStats.of(pipeline.positions());
        repeated = archived - input.rows();
        progress.info(String.format(Locale.ROOT, "%,d rows read: %,d valid, %,d invalid; partitions %s",
                input.rows(), input.valid(), input.rows() - input.valid(), input.maxOffsetByPartition().keySet()));
        if (repeated > 0) {
            progress.info(String.format(Locale.ROOT, "%,d archive row(s) repeat a position already archived "
                    + "(a re-read by the speed layer): each position counted once", repeated));
        }
    }

    /** Step 3: one count per event id, aggregated at the grain, and computed now (staged) before anything is replaced. */
    private void dedupAndAggregate() {
        progress.step(3, "dedup (first valid copy by partition offset) and aggregate at the grain");
        Dataset<Row> minute = pipeline.minute();
        if (!options.hours().isFullDay()) {
            // Keep the rows of the other hours that the partition already holds (a partial run replaces only
            // its hours). Checkpointing below cuts the lineage, so the overwrite does not read what it deletes.
            Dataset<Row> kept = spark.table(tables.statsTable()).where(col("dt").equalTo(lit(day.toString())))
                    .where(BatchJob.outsideHours(day, options.hours()))
                    .select(BatchPipeline.columns(BatchPipeline.STATS_COLUMNS));
            minute = minute.unionByName(kept);
        }
        staged = BatchJob.materialize(spark, minute);
        output = BatchJob.OutputStats.of(staged, runId);
        output.requireWithin(day, options.hours());
        progress.info(String.format(Locale.ROOT, "%,d events count, %,d duplicates dropped; %,d minute rows",
                output.countedEvents(), duplicates(), output.rows()));
    }

    private long duplicates() {
        return input.valid() - output.countedEvents();
    }

    /** Step 4: the exact table's partition of the day replaced. */
    private void writeStats() {
        progress.step(4, "write " + tables.statsTable() + " partition dt=" + day + " (INSERT OVERWRITE)");
        staged.createOrReplaceTempView(view);
        requireLease("replacing " + tables.statsTable() + " dt=" + day);
        BatchJob.overwritePartition(spark, tables.statsTable(), day, BatchPipeline.STATS_COLUMNS, view, output.rows());
    }

    /** Step 5: the billing rollup's partition of the day replaced. */
    private void writeBilling() {
        progress.step(5, "write " + tables.billingTable() + " partition dt=" + day + " (INSERT OVERWRITE)");
        Dataset<Row> billing = BatchJob.materialize(spark, BatchPipeline.billingRollup(staged, runId));
        billingRows = billing.count();
        billing.createOrReplaceTempView(view + "_billing");
        requireLease("replacing " + tables.billingTable() + " dt=" + day);
        BatchJob.overwritePartition(spark, tables.billingTable(), day, BatchPipeline.BILLING_COLUMNS,
                view + "_billing", billingRows);
    }

    /** Step 6: the dead letters' partition of the day replaced (a partial run keeps the other hours' ones). */
    private void writeDeadLetters() {
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
        Dataset<Row> stagedDeadLetters = BatchJob.materialize(spark, deadLetters);
        deadLetterRows = stagedDeadLetters.count();
        stagedDeadLetters.createOrReplaceTempView(view + "_dead_letters");
        requireLease("replacing " + tables.deadLetterTable() + " dt=" + day);
        BatchJob.overwritePartition(spark, tables.deadLetterTable(), day, BatchPipeline.DEAD_LETTER_COLUMNS,
                view + "_dead_letters", deadLetterRows);
        progress.info(String.format(Locale.ROOT, "%,d dead letters", deadLetterRows));
    }

    /** Step 7: readers refreshed and the exact rows read back; the run's record, to be written by {@link #run}. */
    private RunRecord verify() throws java.sql.SQLException {
        progress.step(7, "refresh readers, verify, record the run in " + tables.runsTable());
        spark.catalog().refreshTable(tables.statsTable());
        spark.catalog().refreshTable(tables.billingTable());
        spark.catalog().refreshTable(tables.deadLetterTable());
        long readBack = spark.table(tables.statsTable()).where(col("dt").equalTo(lit(day.toString()))).count();
        if (readBack != output.rows()) {
            throw new IllegalStateException("read back " + readBack + " rows of " + tables.statsTable() + " dt="
                    + day + " after writing " + output.rows());
        }
        if (hasHiveServer2()) {
            HiveServer2Refresh.refresh(options.hiveServer2Url(),
                    List.of(tables.statsTable(), tables.billingTable(), tables.deadLetterTable(), tables.runsTable()));
            progress.info("REFRESH TABLE sent to " + options.hiveServer2Url());
        }
        return new RunRecord(runId, day.toString(), RunRecord.Status.SUCCEEDED, options.force(),
                startedAt, System.currentTimeMillis(), input.rows(), input.valid(), input.rows() - input.valid(),
                duplicates(), repeated, output.rows(), billingRows, output.impressions(), output.clicks(),
                output.spendByCurrency(), input.maxOffsetByPartition(),
                (options.hours().isFullDay() ? "" : "hours " + options.hours() + " recomputed, other hours kept. ")
                        + note);
    }

    private boolean hasHiveServer2() {
        return options.hiveServer2Url() != null && !options.hiveServer2Url().isBlank();
    }

    /** Fails the run before {@code what} if the lease ended: another run may own the day now. */
    private void requireLease(String what) {
        if (!lease.held()) {
            throw new IllegalStateException(lease.describe() + " was lost before " + what + "; another batch or "
                    + "reconcile may be working on the day now: nothing more is written");
        }
    }
}
