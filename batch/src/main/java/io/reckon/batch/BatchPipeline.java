package io.reckon.batch;

import io.reckon.schemas.aggregate.Source;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.Arrays;

import static org.apache.spark.sql.functions.broadcast;
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
 * other copies of the day's ids ({@link Neighbours}: through {@link KeyIndex}, or every key) ──validate──► otherValid ┤
 *   ids whose key hash occurs once (a count of longs, the one wide-free shuffle): count where they are ◄────────────┤
 *   ids with more than one copy: per event_id the copy with the lowest (partition, offset) ({@link #firstValidCopies})┘
 * counted ──group by grain──► minute aggregates ──group by (advertiser, campaign, currency)──► billing rollup
 * </pre>
 *
 * Why so: the rows are wide (the value bytes), and almost every id has one copy; so only a hash per id is shuffled,
 * and only the few ids with copies (a re-send, a position archived twice, a copy on another day) are sorted out
 * exactly. A position archived twice has byte-identical copies, so they tie there and count once.
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
     * The datasets of one run; lazy, but for the ids with more than one copy, which are found when it is built.
     *
     * @param validated every target row with its verdict ({@link Revalidation#SCHEMA}); a position archived twice
     *                  appears twice here ({@link #deadLetters} takes it once)
     * @param positions one row per Kafka position of the target (kafka_partition, kafka_offset, valid): what the
     *                  run's input counts are taken over
     * @param counted   the events that count: one row per event_id whose first valid copy is a target row
     *                  ({@link #COUNTED_COLUMNS})
     * @param minute    exact aggregates at the grain ({@link #STATS_COLUMNS})
     */
    public record Pipeline(Dataset<Row> validated, Dataset<Row> positions, Dataset<Row> counted,
                           Dataset<Row> minute) {
    }

    /** A join side of more rows than this (contested ids, candidate positions) is shuffled, not broadcast. */
    static final long BROADCAST_MAX_ROWS = 4_000_000L;

    /** What a counted event carries: its id, its position and what it adds at the grain. */
    public static final String[] COUNTED_COLUMNS = {"event_id", "kafka_partition", "kafka_offset", "advertiser_id",
            "campaign_id", "ad_id", "currency", "window_start", "impressions", "clicks", "cost_micros"};

    /**
     * Builds the pipeline.
     *
     * @param target     archive rows of the partitions being recomputed (at least {@link Revalidation#RAW_COLUMNS})
     * @param neighbours archive rows outside the target that may hold another copy of one of their event ids (same
     *                   columns); only those whose key hashes like a target key are validated; rows placed by
     *                   record time can be left out: they are never valid
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
        // Few rows, used twice (which ids have copies, and those ids' copies): computed once.
        Dataset<Row> otherValid = BatchJob.materialize(target.sparkSession(),
                validate(neighbours.copiesOf(targetValid)).where(col("valid")));
        Dedup dedup = Dedup.of(targetValid, otherValid);
        Dataset<Row> positions = dedup.single().select(col("kafka_partition"), col("kafka_offset"),
                        lit(true).as("valid"))
                .unionByName(dedup.contestedTarget().select(col("kafka_partition"), col("kafka_offset"),
                        lit(true).as("valid")).dropDuplicates("kafka_partition", "kafka_offset"))
                .unionByName(validated.where(not(col("valid"))).select(col("kafka_partition"), col("kafka_offset"),
                        lit(false).as("valid")).dropDuplicates("kafka_partition", "kafka_offset"));
        Dataset<Row> counted = dedup.counted();
        return new Pipeline(validated, positions, counted, minuteAggregates(counted, runId));
    }

    /**
     * The contract's dedup, split so that the common case moves no wide row: ids with a single valid copy (almost
     * all) count where they are; only the ids with more than one copy (a re-send, a position archived twice, a copy
     * on another day) go through {@link #firstValidCopies}. Which ids those are is found by counting a 64-bit hash
     * of each id (one narrow shuffle of longs); a hash shared by two ids only sends both down the exact path.
     *
     * @param single          target rows whose id has no other valid copy anywhere: each counts
     * @param contestedTarget target rows whose id (hash) has another copy
     * @param contestedOther  neighbour rows of those ids
     */
    record Dedup(Dataset<Row> single, Dataset<Row> contestedTarget, Dataset<Row> contestedOther) {
        static Dedup of(Dataset<Row> targetValid, Dataset<Row> otherValid) {
            return of(targetValid, otherValid, BROADCAST_MAX_ROWS);
        }

        static Dedup of(Dataset<Row> targetValid, Dataset<Row> otherValid, long broadcastMax) {
            Dataset<Row> contested = BatchJob.materialize(targetValid.sparkSession(),
                    targetValid.select(idHash().as("h")).unionByName(otherValid.select(idHash().as("h")))
                            .groupBy("h").count().where(col("count").gt(1)).select("h"));
            Dataset<Row> ids = contested.count() <= broadcastMax ? broadcast(contested) : contested;
            Column inTarget = idHash(targetValid).equalTo(ids.col("h"));
            Column inOther = idHash(otherValid).equalTo(ids.col("h"));
            return new Dedup(targetValid.join(ids, inTarget, "left_anti"),
                    targetValid.join(ids, inTarget, "left_semi"), otherValid.join(ids, inOther, "left_semi"));
        }

        /** One row per counted event ({@link #COUNTED_COLUMNS}). */
        Dataset<Row> counted() {
            return single.select(columns(COUNTED_COLUMNS))
                    .unionByName(firstValidCopies(contestedTarget, contestedOther));
        }

        /** A valid row's key hash is its event_id's (the key is the id's bytes): hashed once, at validation. */
        private static Column idHash() {
            return col("key_hash");
        }

        private static Column idHash(Dataset<Row> rows) {
            return rows.col("key_hash");
        }
    }

    /** Re-validates raw archive rows with the shared validator. */
    public static Dataset<Row> validate(Dataset<Row> raw) {
        Column[] columns = concat(columns(Revalidation.RAW_COLUMNS),
                new Column[] {KeyIndex.keyHash(col("record_key")).as("key_hash")});
        return raw.select(columns).mapPartitions(new Revalidation.Function(), Encoders.row(Revalidation.SCHEMA));
    }

    /**
     * The rows of {@code neighbours} whose key hashes like one of the target's valid ids: the only ones that can be
     * another copy (a valid record's key is the UTF-8 bytes of its event_id), so only they are validated (a hash two
     * keys share adds a row the dedup then tells apart by event_id).
     */
    static Dataset<Row> sameKey(Dataset<Row> neighbours, Dataset<Row> targetValid) {
        Dataset<Row> keys = targetValid.select(col("key_hash").as("target_key")).distinct();
        return neighbours.join(keys, KeyIndex.keyHash(neighbours.col("record_key")).equalTo(keys.col("target_key")),
                "left_semi");
    }

    /**
     * The contract's dedup, exactly: per event_id, the valid copy with the lowest (partition, offset) among the
     * target's and the other valid copies counts (a sort of the rows given: {@link Dedup} gives it only the ids with
     * more than one copy); the event_ids whose first copy is a target row are returned, one row each. A
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
