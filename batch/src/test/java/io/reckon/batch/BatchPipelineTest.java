package io.reckon.batch;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.reckon.batch.TestEvents.D;
import static io.reckon.batch.TestEvents.DAY;
import static io.reckon.batch.TestEvents.HOUR;
import static io.reckon.batch.TestEvents.bytes;
import static io.reckon.batch.TestEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline on in-memory archive rows, with Spark in local mode (no metastore). */
class BatchPipelineTest {
    private static final StructType RAW = new StructType(new StructField[] {
            DataTypes.createStructField("record_key", DataTypes.BinaryType, true),
            DataTypes.createStructField("record_value", DataTypes.BinaryType, true),
            DataTypes.createStructField("kafka_partition", DataTypes.IntegerType, false),
            DataTypes.createStructField("kafka_offset", DataTypes.LongType, false),
            DataTypes.createStructField("record_timestamp", DataTypes.LongType, true),
    });

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("BatchPipelineTest")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Row raw(String key, String value, int partition, long offset, long ts) {
        return RowFactory.create(bytes(key), bytes(value), partition, offset, ts);
    }

    private static Dataset<Row> rows(List<Row> rows) {
        return spark.createDataFrame(rows, RAW);
    }

    @Test
    void firstValidCopyCountsOnceAcrossDaysAndInvalidCopiesNeverBlock() {
        long t10 = D + 10 * HOUR;
        List<Row> target = new ArrayList<>();
        List<Row> neighbours = new ArrayList<>();
        // near duplicate: byte-identical re-send, later offset
        String e1 = json("e1", "impression", t10 + 5_000, "ad-1", 2500, "USD");
        target.add(raw("e1", e1, 0, 5, t10 + 5_000));
        target.add(raw("e1", e1, 0, 7, t10 + 6_000));
        // an invalid copy first (wrong type), then the valid one: the valid one counts
        target.add(raw("e2", "{\"event_id\":\"e2\",\"event_type\":\"impression\",\"event_time\":\"x\"}", 0, 1, t10));
        target.add(raw("e2", json("e2", "impression", t10 + 20_000, "ad-1", 3000, "USD"), 0, 3, t10 + 20_000));
        // first copy on the previous day (lower offset), a conflicting copy on the day: counts nowhere on the day
        neighbours.add(raw("e3", json("e3", "impression", D - 60_000, "ad-1", 999, "USD"), 1, 2, D - 60_000));
        target.add(raw("e3", json("e3", "click", D + 600_000, "ad-2", 777, "USD"), 1, 9, D + 600_000));
        // first copy on the day, a conflicting later copy on the previous day: the day's copy counts
        target.add(raw("e4", json("e4", "impression", t10 + 30_000, "ad-1", 500, "USD"), 1, 4, t10 + 30_000));
        neighbours.add(raw("e4", json("e4", "impression", D - 1, "ad-1", 1, "USD"), 1, 10, t10 + 40_000));
        // an invalid copy on another day with a lower offset does not block (event_time too old)
        neighbours.add(raw("e5", json("e5", "impression", D - 9 * DAY, "ad-1", 1, "USD"), 2, 0, t10));
        target.add(raw("e5", json("e5", "click", t10 + 1_000, "ad-1", 150_000, "EUR"), 2, 1, t10 + 1_000));
        // far duplicate: first copy three days earlier
        neighbours.add(raw("e6", json("e6", "impression", D - 3 * DAY, "ad-1", 10, "USD"), 3, 0, D - 3 * DAY));
        target.add(raw("e6", json("e6", "impression", t10 + 2_000, "ad-1", 10, "USD"), 3, 8, t10 + 2_000));
        // invalid: malformed JSON and a currency of the wrong shape
        target.add(raw("e7", "{not json", 3, 9, t10));
        target.add(raw("e8", json("e8", "impression", t10, "ad-1", 10, "usd"), 3, 10, t10));

        BatchPipeline.Pipeline p = BatchPipeline.build(rows(target), rows(neighbours), "run-1", false);

        assertThat(p.validated().count()).isEqualTo(target.size());
        assertThat(p.validated().where("valid").count()).isEqualTo(7);
        assertThat(p.positions().count()).isEqualTo(target.size());
        assertThat(p.positions().where("valid").count()).isEqualTo(7);
        assertThat(p.counted().select("event_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactlyInAnyOrder("e1", "e2", "e4", "e5");
        List<String> minute = p.minute().orderBy("currency", "window_start").collectAsList().stream()
                .map(Row::toString).toList();
        long w10 = t10;  // all of e1, e2, e4, e5 fall in 10:00
        assertThat(minute).containsExactly(
                "[adv-1,cmp-1,ad-1,EUR," + w10 + ",0,1,150000,run-1]",
                "[adv-1,cmp-1,ad-1,USD," + w10 + ",3,0,6000,run-1]");
        List<String> billing = BatchPipeline.billingRollup(p.minute(), "run-1").orderBy("currency")
                .collectAsList().stream().map(Row::toString).toList();
        assertThat(billing).containsExactly("[adv-1,cmp-1,EUR,0,1,150000,run-1]", "[adv-1,cmp-1,USD,3,0,6000,run-1]");

        // Dead letters: the day's three invalid rows (e2's first copy, e7, e8), original bytes, reason, batch verdict.
        List<Row> dead = BatchPipeline.deadLetters(p.validated(), "ad-events", 42L)
                .orderBy("kafka_partition", "kafka_offset").collectAsList();
        assertThat(dead).extracting(r -> r.getInt(1) + "/" + r.getLong(2) + " " + r.getString(6))
                .containsExactly("0/1 WRONG_TYPE", "3/9 MALFORMED_JSON", "3/10 BAD_CURRENCY");
        assertThat(dead).allSatisfy(r -> {
            assertThat(r.getString(0)).isEqualTo("ad-events");
            assertThat(r.getString(7)).isNotBlank();
            assertThat(r.getString(8)).isEqualTo("batch");
            assertThat(r.getLong(9)).isEqualTo(42L);
        });
        assertThat(new String((byte[]) dead.get(1).get(5), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(new String((byte[]) dead.get(1).get(4), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("e7");
        assertThat(dead.get(1).getLong(3)).isEqualTo(t10);
    }

    @Test
    void aPositionArchivedTwiceCountsOnceAndIsDeadLetteredOnce() {
        long t10 = D + 10 * HOUR;
        String e1 = json("e1", "impression", t10, "ad-1", 2500, "USD");
        String e2 = json("e2", "click", t10 + 1_000, "ad-1", 400, "USD");
        List<Row> target = new ArrayList<>();
        // a speed layer that re-read its input archived positions 0/5, 0/6 and 1/3 a second (and a third) time
        target.add(raw("e1", e1, 0, 5, t10));
        target.add(raw("e1", e1, 0, 5, t10));
        target.add(raw("e2", e2, 0, 6, t10 + 1_000));
        target.add(raw("e2", e2, 0, 6, t10 + 1_000));
        target.add(raw("e2", e2, 0, 6, t10 + 1_000));
        target.add(raw("bad", "{not json", 1, 3, t10));
        target.add(raw("bad", "{not json", 1, 3, t10));
        // a real duplicate (another position) still counts nowhere
        target.add(raw("e1", e1, 1, 9, t10 + 5));

        BatchPipeline.Pipeline p = BatchPipeline.build(rows(target), rows(List.of()), "run-1", false);

        assertThat(p.validated().count()).as("every archived row").isEqualTo(target.size());
        assertThat(p.positions().count()).as("one row per position").isEqualTo(4);
        assertThat(p.positions().where("valid").count()).isEqualTo(3);
        assertThat(p.counted().select("event_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactlyInAnyOrder("e1", "e2");
        assertThat(p.minute().collectAsList()).extracting(Row::toString)
                .containsExactly("[adv-1,cmp-1,ad-1,USD," + t10 + ",1,1,2900,run-1]");
        assertThat(BatchPipeline.deadLetters(p.validated(), "ad-events", 1L).count()).isEqualTo(1);
    }

    @Test
    void theIdsWithMoreThanOneCopyGiveTheSameCountsBroadcastOrShuffled() {
        long t10 = D + 10 * HOUR;
        List<Row> target = new ArrayList<>();
        List<Row> neighbours = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            target.add(raw("s" + i, json("s" + i, "impression", t10 + i, "ad-1", 10 + i, "USD"), i % 3, 100 + i, t10));
        }
        target.add(raw("s1", json("s1", "click", t10 + 99, "ad-2", 5, "USD"), 1, 500, t10)); // a later copy
        target.add(raw("s2", json("s2", "impression", t10 + 2, "ad-1", 12, "USD"), 2, 102, t10)); // position again
        neighbours.add(raw("s3", json("s3", "impression", D - 1_000, "ad-1", 1, "USD"), 0, 3, D - 1_000)); // earlier
        Dataset<Row> valid = BatchPipeline.validate(rows(target)).where("valid");
        Dataset<Row> other = BatchPipeline.validate(rows(neighbours)).where("valid");

        BatchPipeline.Dedup broadcast = BatchPipeline.Dedup.of(valid, other, Long.MAX_VALUE);
        BatchPipeline.Dedup shuffled = BatchPipeline.Dedup.of(valid, other, 0);

        assertThat(broadcast.contestedTarget().select("event_id").distinct().as(Encoders.STRING()).collectAsList())
                .containsExactlyInAnyOrder("s1", "s2", "s3");
        for (BatchPipeline.Dedup d : List.of(broadcast, shuffled)) {
            assertThat(d.single().count()).isEqualTo(37);
            assertThat(d.counted().select("event_id").as(Encoders.STRING()).collectAsList())
                    .hasSize(39).doesNotContain("s3").contains("s1", "s2");
            assertThat(d.counted().where("event_id = 's1'").select("kafka_offset").as(Encoders.LONG()).first())
                    .isEqualTo(101L);
        }
    }

    @Test
    void sumsAreExactLongsBeyondDoublePrecision() {
        // 2^53 + 1 is not a double; 10 events of 1e9 micros plus one of 1 must sum exactly.
        List<Row> target = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            target.add(raw("m" + i, json("m" + i, "impression", D, "ad-1", 1_000_000_000L, "JPY"), 0, i, D));
        }
        target.add(raw("m10", json("m10", "impression", D, "ad-1", 1, "JPY"), 0, 10, D));
        Row row = BatchPipeline.build(rows(target), rows(List.of()), "r", false).minute().first();
        assertThat(row.getLong(7)).isEqualTo(10_000_000_001L);
        assertThat(row.getLong(5)).isEqualTo(11L);
    }

    @Test
    void emptyInputGivesNoRows() {
        BatchPipeline.Pipeline p = BatchPipeline.build(rows(List.of()), rows(List.of()), "r", false);
        assertThat(p.minute().count()).isZero();
    }
}
