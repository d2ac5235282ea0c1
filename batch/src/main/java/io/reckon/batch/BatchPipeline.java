package io.reckon.batch;

import io.reckon.schemas.aggregate.Source;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.Arrays;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

/**
 * The batch layer's Dataset pipeline, as small named steps. {@link #build} wires them; {@link BatchJob} (and so
 * {@code bin/reckon batch} and spark-submit) and the tests use it. Every number is a long: counts and micros are
 * summed as integers, never through a floating-point type.
 *
 * <pre>
 * target rows (the day's archive partitions) ──validate (a map, no shuffle)──► validated ──valid──► targetValid ──┐
 * neighbour rows (other copies of the day's ids) ──semi-join on the day's keys──validate──valid──► otherValid ──┤
 *                           one shuffle: per event_id, the copy with the lowest (partition, offset) ◄──────────────┘
 * counted = the event_ids whose first copy is a target row ──group by grain──► minute aggregates
 * minute aggregates ──group by (advertiser, campaign, currency)──► billing rollup
 * </pre>
 *
 * Why one shuffle: the rows are wide (the value bytes), so the dedup moves only the narrow columns that count, and
 * the same step also counts a position archived twice once (its copies are byte-identical, so they tie).
 */
public final class BatchPipeline {

    /** Grain columns, in the order of ad_stats_minute_exact. */
    public static final String[] GRAIN = {"advertiser_id", "campaign_id", "ad_id", "currency", "window_start"};
    /** Columns of ad_stats_minute_exact without the partition column, in table order. */
    public static final String[] STATS_COLUMNS = {"advertiser_id", "campaign_id", "ad_id", "currency", "window_start",
            "impressions", "clicks", "spend_micros", "batch_run_id"};
    /** Columns of ad_billing_daily without the partition column, in table order. */
    public static final String[] BILLING_COLUMNS = {"advertiser_id", "campaign_id", "currency", "impressions",
            "clicks", "spend_micros", "batch_run_id"};

    /** Columns of ad_events_dead_letter without the partition column, in table order. */
    public static final String[] DEAD_LETTER_COLUMNS = {"topic", "kafka_partition", "kafka_offset", "record_timestamp",
            "record_key", "record_value", "reason", "message", "detected_by", "detected_at"};

    private BatchPipeline() {
    }

    /**
     * The datasets of one run; all lazy.
     *
     * @param validated every target row with its verdict ({@link Revalidation#SCHEMA}); a position archived twice
     *                  appears twice here ({@link #distinctPositions} and {@link #deadLetters} take it once)
     * @param counted   the events that count: one row per event_id whose first valid copy is a target row
     *                  ({@link #COUNTED_COLUMNS})
     * @param minute    exact aggregates at the grain ({@link #STATS_COLUMNS})
     */
    public record Pipeline(Dataset<Row> validated, Dataset<Row> counted, Dataset<Row> minute) {
    }

    /** What a counted event carries: its id, its position and what it adds at the grain. */
    public static final String[] COUNTED_COLUMNS = {"event_id", "kafka_partition", "kafka_offset", "advertiser_id",
            "campaign_id", "ad_id", "currency", "window_start", "impressions", "clicks", "cost_micros"};

    /**
     * Builds the pipeline.
     *
     * @param target     archive rows of the partitions being recomputed (at least {@link Revalidation#RAW_COLUMNS})
     * @param neighbours archive rows outside the target that may hold an earlier copy of one of their event ids
     *                   (same columns): the rest of the archive, or only the rows that {@link KeyIndex} says may
     *                   share a key with the target; rows placed by record time can be left out: they are never valid
     * @param runId      written to every output row
     * @param cache      persist the validated target rows (they feed the run statistics and the aggregates)
     */
    public static Pipeline build(Dataset<Row> target, Dataset<Row> neighbours, String runId, boolean cache) {
        return build(target, Neighbours.sameKeyIn(neighbours), runId, cache);
    }

    /** Where the other copies of the target's ids come from. */
    @FunctionalInterface
    public interface Neighbours {
        /**
         * Archive rows outside the target that may be another copy of one of {@code targetValid}'s ids, with at
         * least {@link Revalidation#RAW_COLUMNS}. A superset is fine (the dedup compares event ids exactly); a
         * missing copy is not.
         */
        Dataset<Row> copiesOf(Dataset<Row> targetValid);

        /** The rows of {@code others} whose key is one of the target's valid keys: reads every key of others. */
        static Neighbours sameKeyIn(Dataset<Row> others) {
            return targetValid -> sameKey(others, targetValid);
        }
    }

    /** Builds the pipeline with the other copies from {@code neighbours}. */
    public static Pipeline build(Dataset<Row> target, Neighbours neighbours, String runId, boolean cache) {
        Dataset<Row> validated = validate(target);
        if (cache) {
            validated = validated.persist(StorageLevel.MEMORY_AND_DISK());
        }
        Dataset<Row> targetValid = validated.where(col("valid"));
        Dataset<Row> otherValid = validate(neighbours.copiesOf(targetValid)).where(col("valid"));
        Dataset<Row> counted = firstValidCopies(targetValid, otherValid);
        return new Pipeline(validated, counted, minuteAggregates(counted, runId));
    }

    /**
     * One row per Kafka position (partition, offset) of the validated rows, with its verdict: what the run's counts
     * are taken over. The archive can hold a record twice: a speed layer that re-reads positions it had archived (a
     * start without its checkpoint, an older checkpoint restored) archives them again. A position is one record, so
     * it counts (and is dead-lettered) once; its copies hold the same key and value bytes (only {@code archived_at}
     * differs), so which one is kept does not matter. Only the narrow columns are shuffled.
     */
    public static Dataset<Row> distinctPositions(Dataset<Row> validated) {
        return validated.select("kafka_partition", "kafka_offset", "valid")
                .dropDuplicates("kafka_partition", "kafka_offset");
    }

    /** Re-validates raw archive rows with the shared validator. */
    public static Dataset<Row> validate(Dataset<Row> raw) {
        Column[] columns = Arrays.stream(Revalidation.RAW_COLUMNS).map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new);
        return raw.select(columns).mapPartitions(new Revalidation.Function(), Encoders.row(Revalidation.SCHEMA));
    }

    /**
     * The rows of {@code neighbours} whose key equals one of the target's valid ids: the only ones that can be another
     * copy (a valid record's key is the UTF-8 bytes of its event_id), so only they are validated.
     */
    static Dataset<Row> sameKey(Dataset<Row> neighbours, Dataset<Row> targetValid) {
        Dataset<Row> keys = targetValid.select(col("record_key").as("target_key")).distinct();
        return neighbours.join(keys, neighbours.col("record_key").equalTo(keys.col("target_key")), "left_semi");
    }

    /**
     * The contract's dedup: per event_id, the valid copy with the lowest (partition, offset) among the target's and
     * the other valid copies counts; the event_ids whose first copy is a target row are returned, one row each. A
     * duplicate counts nowhere, including when the first copy is outside the target (on another day). Copies of one
     * position are identical, so they tie and count once.
     */
    public static Dataset<Row> firstValidCopies(Dataset<Row> targetValid, Dataset<Row> otherValid) {
        Dataset<Row> copies = copies(targetValid, true).unionByName(copies(otherValid, false));
        Column[] fields = Arrays.stream(COUNTED_COLUMNS).skip(1).map(c -> col("first." + c)).toArray(Column[]::new);
        return copies.groupBy("event_id").agg(min(col("copy")).as("first"))
                .where(col("first.in_target"))
                .select(concat(new Column[] {col("event_id")}, fields));
    }

    /** A copy as a struct that orders by its position first (so {@code min} is the first copy). */
    private static Dataset<Row> copies(Dataset<Row> valid, boolean inTarget) {
        // (partition, offset, in_target, then what counts): COUNTED_COLUMNS without event_id, in_target third
        Column[] fields = new Column[COUNTED_COLUMNS.length];
        fields[0] = col("kafka_partition");
        fields[1] = col("kafka_offset");
        fields[2] = lit(inTarget).as("in_target");
        for (int i = 3; i < fields.length; i++) {
            fields[i] = col(COUNTED_COLUMNS[i]);
        }
        return valid.select(col("event_id"), struct(fields).as("copy"));
    }

    private static Column[] concat(Column[] a, Column[] b) {
        Column[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Exact aggregates at the contract's grain: impressions, clicks and spend_micros (both event types). */
    public static Dataset<Row> minuteAggregates(Dataset<Row> counted, String runId) {
        return counted.groupBy(Arrays.stream(GRAIN).map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                .agg(sum(col("impressions")).as("impressions"),
                        sum(col("clicks")).as("clicks"),
                        sum(col("cost_micros")).as("spend_micros"))
                .withColumn("batch_run_id", lit(runId))
                .select(columns(STATS_COLUMNS));
    }

    /**
     * The dead letters of the validated rows: every invalid position once, with its original bytes and the verdict, as the
     * batch layer detected it. Re-validating the same archived bytes gives the same verdict, so rebuilding a day's
     * partition from its raw partitions is idempotent (only {@code detected_at} differs).
     */
    public static Dataset<Row> deadLetters(Dataset<Row> validated, String sourceTopic, long detectedAt) {
        return validated.where(not(col("valid"))).dropDuplicates("kafka_partition", "kafka_offset")
                .withColumn("topic", lit(sourceTopic))
                .withColumn("detected_by", lit(Source.BATCH.wireName()))
                .withColumn("detected_at", lit(detectedAt))
                .select(columns(DEAD_LETTER_COLUMNS));
    }

    /** The daily billing rollup per (advertiser, campaign, currency) of one day's minute aggregates. */
    public static Dataset<Row> billingRollup(Dataset<Row> minute, String runId) {
        return minute.groupBy("advertiser_id", "campaign_id", "currency")
                .agg(sum(col("impressions")).as("impressions"),
                        sum(col("clicks")).as("clicks"),
                        sum(col("spend_micros")).as("spend_micros"))
                .withColumn("batch_run_id", lit(runId))
                .select(columns(BILLING_COLUMNS));
    }

    static Column[] columns(String[] names) {
        return Arrays.stream(names).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }
}
