package io.reckon.streaming.job;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.event.AdEventJson;
import io.reckon.schemas.event.EventType;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole speed-layer topology ({@link SpeedLayerJob#buildTopology}, as {@code main} wires it) on a MiniCluster
 * with an in-memory source and in-memory sinks, no services (in the style of flink-training's integration tests):
 * validation routes the invalid records to the dead letters with their reasons, dedup keeps the first copy of an
 * event id (conflicting copies included), and the 1-minute windows end with the exact counts per grain key, each
 * key's versions rising. The same topology on Kafka, with a failure and recovery: SpeedLayerExactlyOnceITCase.
 */
class SpeedLayerTopologyTest {
    /** 2025-11-26T00:00:00Z. */
    private static final long T0 = 1764115200000L;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Queue<AggregateRow> AGGREGATES = new ConcurrentLinkedQueue<>();
    static final Queue<String> DEAD_LETTERS = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void clear() {
        AGGREGATES.clear();
        DEAD_LETTERS.clear();
    }

    /** A Kafka record as the source reads it: partition, offset, timestamp, key and value. */
    record Input(int partition, long offset, long timestamp, byte[] key, byte[] value) implements Serializable {
    }

    private static Input event(int partition, long offset, String id, boolean click, long eventTime, String ad,
                               long cost) {
        AdEvent e = new AdEvent(id, click ? EventType.CLICK : EventType.IMPRESSION, eventTime, "adv-1", "cmp-1", ad,
                cost, "USD", null);
        return new Input(partition, offset, eventTime, id.getBytes(StandardCharsets.UTF_8), AdEventJson.encode(e));
    }

    private static Input raw(int partition, long offset, long timestamp, String key, String value) {
        return new Input(partition, offset, timestamp, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theTopologyRoutesDedupsAndCountsEveryGrainKeyExactly() throws Exception {
        List<Input> inputs = new ArrayList<>();
        // ad-1, minute 0: two impressions and a click; a copy of e1 far later, and a copy of e2 with another cost.
        inputs.add(event(0, 0, "e1", false, T0 + 1_000, "ad-1", 100));
        inputs.add(event(1, 0, "e2", false, T0 + 2_000, "ad-1", 200));
        inputs.add(event(0, 1, "e3", true, T0 + 3_000, "ad-1", 50));
        inputs.add(event(1, 1, "e4", false, T0 + 61_000, "ad-2", 300));
        inputs.add(event(0, 2, "e1", false, T0 + 1_000, "ad-1", 100));
        inputs.add(event(1, 2, "e2", false, T0 + 2_000, "ad-1", 999));
        // Invalid: not JSON, and a currency that is no ISO code.
        inputs.add(raw(0, 3, T0 + 4_000, "junk", "{not json"));
        inputs.add(raw(1, 3, T0 + 5_000, "e5", new String(AdEventJson.encode(new AdEvent("e5", EventType.IMPRESSION,
                T0 + 5_000, "adv-1", "cmp-1", "ad-1", 10, "USD", null)), StandardCharsets.UTF_8)
                .replace("\"USD\"", "\"XX\"")));
        // Later traffic moves event time past the windows above, as it would in production.
        inputs.add(event(0, 4, "e6", false, T0 + 10 * 60_000, "ad-3", 1));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // One source split reads the records in list order, as one Kafka partition is read in offset order: which
        // copy of an event id is first must not depend on how the test source splits its range.
        JobOptions options = JobOptions.defaults().withParallelism(1).withCheckpointInterval(Duration.ofMillis(200))
                .withAllowedLateness(Duration.ofMinutes(1)).withEarlyFiringPeriod(Duration.ofMillis(50));
        SpeedLayerJob.configure(env, options);
        List<Input> source = List.copyOf(inputs);
        GeneratorFunction<Long, IngressRecord> read = i -> {
            Input in = source.get(i.intValue());
            return IngressRecord.fromKafka("ad-events", in.partition(), in.offset(), in.timestamp(), in.key(),
                    in.value());
        };
        SpeedLayerJob.buildTopology(env, new DataGeneratorSource<>(read, source.size(),
                        TypeInformation.of(IngressRecord.class)), new Collect<>(r -> AGGREGATES.add(r)),
                new Collect<>(r -> DEAD_LETTERS.add(r.partition + "@" + r.offset + " " + r.reason)), options,
                UnaryOperator.identity());
        env.execute("speed layer topology");

        assertThat(DEAD_LETTERS).containsExactlyInAnyOrder("0@3 MALFORMED_JSON", "1@3 BAD_CURRENCY");
        Map<GrainKey, AggregateRow> last = new TreeMap<>();
        for (AggregateRow row : AGGREGATES) {
            AggregateRow before = last.get(row.key());
            if (before == null || row.version() > before.version()) {
                last.put(row.key(), row);
            }
        }
        assertThat(last).hasSize(3);
        assertThat(last.values()).allSatisfy(r -> assertThat(r.version()).as("speed versions").isPositive());
        AggregateRow ad1 = row(last, "ad-1", T0);
        assertThat(new long[] {ad1.impressions(), ad1.clicks(), ad1.spendMicros()}).as("ad-1, minute 0")
                .containsExactly(2, 1, 350);
        AggregateRow ad2 = row(last, "ad-2", T0 + 60_000);
        assertThat(new long[] {ad2.impressions(), ad2.clicks(), ad2.spendMicros()}).containsExactly(1, 0, 300);
        AggregateRow ad3 = row(last, "ad-3", T0 + 10 * 60_000);
        assertThat(new long[] {ad3.impressions(), ad3.clicks(), ad3.spendMicros()}).containsExactly(1, 0, 1);
    }

    private static AggregateRow row(Map<GrainKey, AggregateRow> rows, String ad, long windowStart) {
        return rows.get(new GrainKey("adv-1", "cmp-1", ad, "USD", windowStart));
    }

    /**
     * An in-memory sink: hands every record to a static collector. The sink is serialized to the tasks, so the consumer
     * must name the static field in its body (a method reference would capture, and copy, the queue itself).
     */
    static final class Collect<T> implements Sink<T> {
        private final SerializableConsumer<T> into;

        Collect(SerializableConsumer<T> into) {
            this.into = into;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {
                    into.accept(element);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    interface SerializableConsumer<T> extends java.util.function.Consumer<T>, Serializable {
    }
}
