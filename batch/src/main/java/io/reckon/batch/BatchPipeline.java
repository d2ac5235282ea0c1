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
 * target rows (the day's archive partitions) ──one per position──validate──► validated ──valid──► targetValid ─┐
 * neighbour rows (the rest of the archive) ──semi-join on the day's keys──validate──valid──► ├─► first valid copy per
 *                                                                                           │   event_id by
 *                                                                                           │   (partition, offset)
 *                                                                  counted = targetValid rows that are first ◄─┘
 * counted ──group by grain──► minute aggregates ──group by (advertiser, campaign, currency)──► billing rollup
 * </pre>
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
     * @param validated every target row with its verdict ({@link Revalidation#SCHEMA})
     * @param counted   the target rows that count: the first valid copy of their event_id
     * @param minute    exact aggregates at the grain ({@link #STATS_COLUMNS})
     */
    public record Pipeline(Dataset<Row> validated, Dataset<Row> counted, Dataset<Row> minute) {
    }

    /**
     * Builds the pipeline.
     *
     * @param target     archive rows of the partitions being recomputed (at least {@link Revalidation#RAW_COLUMNS})
     * @param neighbours every other archive row that may hold an earlier copy of one of their event ids (same
     *                   columns); rows placed by record time can be left out: they are never valid
     * @param runId      written to every output row
     * @param cache      persist the validated target rows (they feed the run statistics and the aggregates)
     */
    public static Pipeline build(Dataset<Row> target, Dataset<Row> neighbours, String runId, boolean cache) {
        Dataset<Row> validated = validate(onePerPosition(target));
        if (cache) {
            validated = validated.persist(StorageLevel.MEMORY_AND_DISK());
        }
        Dataset<Row> targetValid = validated.where(col("valid"));
        Dataset<Row> otherValid = validCopiesAmong(neighbours, targetValid);
        Dataset<Row> counted = firstValidCopies(targetValid, otherValid);
        return new Pipeline(validated, counted, minuteAggregates(counted, runId));
    }

    /**
     * One row per Kafka position (partition, offset) of ad-events. The archive can hold a record twice: a speed
     * layer that re-reads positions it had archived (a start without its checkpoint, an older checkpoint restored)
     * archives them again. A position is one record, so it counts (and is dead-lettered) once; its copies hold the
     * same key and value bytes (only {@code archived_at} differs), so which one is kept does not matter.
     */
    public static Dataset<Row> onePerPosition(Dataset<Row> raw) {
        return raw.dropDuplicates("kafka_partition", "kafka_offset");
    }

    /** Re-validates raw archive rows with the shared validator. */
    public static Dataset<Row> validate(Dataset<Row> raw) {
        Column[] columns = Arrays.stream(Revalidation.RAW_COLUMNS).map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new);
        return raw.select(columns).mapPartitions(new Revalidation.Function(), Encoders.row(Revalidation.SCHEMA));
    }

    /**
     * The valid copies, among {@code neighbours}, of event ids that are valid in the target. Only rows whose key
     * equals one of those ids are validated (a valid record's key is the UTF-8 bytes of its event_id).
     */
    public static Dataset<Row> validCopiesAmong(Dataset<Row> neighbours, Dataset<Row> targetValid) {
        Dataset<Row> keys = targetValid.select(col("record_key").as("target_key")).distinct();
        Dataset<Row> sameKey = neighbours.join(keys, neighbours.col("record_key").equalTo(keys.col("target_key")),
                "left_semi");
        return validate(sameKey).where(col("valid"));
    }

    /**
     * The contract's dedup: per event_id, the valid copy with the lowest (partition, offset) among the target's and
     * the other valid copies counts; the target rows that are such a first copy are returned. A duplicate counts
     * nowhere, including when the first copy is outside the target (on another day).
     */
    public static Dataset<Row> firstValidCopies(Dataset<Row> targetValid, Dataset<Row> otherValid) {
        Dataset<Row> copies = targetValid.select("event_id", "kafka_partition", "kafka_offset")
                .unionByName(otherValid.select("event_id", "kafka_partition", "kafka_offset"));
        Dataset<Row> firsts = copies.groupBy("event_id")
                .agg(min(struct(col("kafka_partition"), col("kafka_offset"))).as("first"))
                .select(col("event_id").as("first_event_id"),
                        col("first.kafka_partition").as("first_partition"),
                        col("first.kafka_offset").as("first_offset"));
        Column isFirst = targetValid.col("event_id").equalTo(firsts.col("first_event_id"))
                .and(targetValid.col("kafka_partition").equalTo(firsts.col("first_partition")))
                .and(targetValid.col("kafka_offset").equalTo(firsts.col("first_offset")));
        return targetValid.join(firsts, isFirst, "inner").drop("first_event_id", "first_partition", "first_offset");
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
     * The dead letters of the validated rows: every invalid one, with its original bytes and the verdict, as the
     * batch layer detected it. Re-validating the same archived bytes gives the same verdict, so rebuilding a day's
     * partition from its raw partitions is idempotent (only {@code detected_at} differs).
     */
    public static Dataset<Row> deadLetters(Dataset<Row> validated, String sourceTopic, long detectedAt) {
        return validated.where(not(col("valid")))
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
