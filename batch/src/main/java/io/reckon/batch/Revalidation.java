package io.reckon.batch;

import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.time.UtcTime;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.Verdict;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Iterator;

/**
 * Re-validates archived records with THE shared {@link IngressValidator}, from the archived key bytes, value bytes
 * and record timestamp: the same verdict as the speed layer reached on the same record.
 */
public final class Revalidation {

    /** The raw archive columns the job reads ({@link Function} also takes their key's hash, after them). */
    public static final String[] RAW_COLUMNS =
            {"record_key", "record_value", "kafka_partition", "kafka_offset", "record_timestamp"};

    /** One validated record: the verdict and, for a valid one, what counts at the grain. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
            DataTypes.createStructField("kafka_partition", DataTypes.IntegerType, false),
            DataTypes.createStructField("kafka_offset", DataTypes.LongType, false),
            // Spark's xxhash64 of the key bytes (of the event_id's, for a valid row): what the dedup and the key
            // index compare, so the cached verdicts need not hold a valid row's key.
            DataTypes.createStructField("key_hash", DataTypes.LongType, false),
            DataTypes.createStructField("valid", DataTypes.BooleanType, false),
            DataTypes.createStructField("reason", DataTypes.StringType, true),
            DataTypes.createStructField("event_id", DataTypes.StringType, true),
            DataTypes.createStructField("advertiser_id", DataTypes.StringType, true),
            DataTypes.createStructField("campaign_id", DataTypes.StringType, true),
            DataTypes.createStructField("ad_id", DataTypes.StringType, true),
            DataTypes.createStructField("currency", DataTypes.StringType, true),
            DataTypes.createStructField("window_start", DataTypes.LongType, true),
            DataTypes.createStructField("impressions", DataTypes.LongType, true),
            DataTypes.createStructField("clicks", DataTypes.LongType, true),
            DataTypes.createStructField("cost_micros", DataTypes.LongType, true),
            // What a dead letter needs, set for invalid rows only, so the cached verdicts stay small.
            DataTypes.createStructField("record_key", DataTypes.BinaryType, true),
            DataTypes.createStructField("message", DataTypes.StringType, true),
            DataTypes.createStructField("record_value", DataTypes.BinaryType, true),
            DataTypes.createStructField("record_timestamp", DataTypes.LongType, true),
    });

    private Revalidation() {
    }

    /**
     * The verdict on one archived record, reduced to what the batch layer needs: what counts for a valid one, the
     * dead letter (reason, message, the original value bytes) for an invalid one.
     */
    public record Checked(int partition, long offset, byte[] key, boolean valid, String reason, String eventId,
                          String advertiserId, String campaignId, String adId, String currency, Long windowStart,
                          Long impressions, Long clicks, Long costMicros, String message, byte[] invalidValue,
                          Long recordTimestamp) {
        /** The row of {@link #SCHEMA}; {@code keyHash} is Spark's xxhash64 of {@link #key}. */
        Row toRow(long keyHash) {
            return RowFactory.create(partition, offset, keyHash, valid, reason, eventId, advertiserId, campaignId,
                    adId, currency, windowStart, impressions, clicks, costMicros, valid ? null : key, message,
                    invalidValue, recordTimestamp);
        }
    }

    /**
     * Validates one archived record.
     *
     * @param recordTimestamp the archived Kafka record timestamp; null (or negative) means the record had none
     */
    public static Checked check(byte[] key, byte[] value, Long recordTimestamp, int partition, long offset) {
        long ts = recordTimestamp == null ? -1L : recordTimestamp;
        Verdict verdict = IngressValidator.validate(key, value, ts);
        if (verdict instanceof Verdict.Valid v) {
            AdEvent e = v.event();
            boolean click = e.isClick();
            return new Checked(partition, offset, key, true, null, e.eventId(), e.advertiserId(), e.campaignId(),
                    e.adId(), e.currency(), UtcTime.minuteFloor(e.eventTime()), click ? 0L : 1L, click ? 1L : 0L,
                    e.costMicros(), null, null, null);
        }
        Verdict.Invalid invalid = (Verdict.Invalid) verdict;
        return new Checked(partition, offset, key, false, invalid.reason().name(), null, null, null, null, null,
                null, null, null, null, invalid.message(), value, recordTimestamp);
    }

    /** Validates a row of {@link #RAW_COLUMNS}. */
    public static Checked check(Row raw) {
        byte[] key = raw.isNullAt(0) ? null : (byte[]) raw.get(0);
        byte[] value = raw.isNullAt(1) ? null : (byte[]) raw.get(1);
        if (raw.isNullAt(2) || raw.isNullAt(3)) {
            throw new IllegalStateException("archived row without kafka_partition/kafka_offset");
        }
        Long ts = raw.isNullAt(4) ? null : raw.getLong(4);
        return check(key, value, ts, raw.getInt(2), raw.getLong(3));
    }

    /** The Spark function: rows of {@link #RAW_COLUMNS} and the key's hash in, rows of {@link #SCHEMA} out. */
    public static final class Function implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return input.hasNext();
                }

                @Override
                public Row next() {
                    Row raw = input.next();
                    return check(raw).toRow(raw.getLong(RAW_COLUMNS.length));
                }
            };
        }
    }
}
