package io.reckon.streaming.dedup;

import io.reckon.streaming.ingest.CountedEvent;
import io.reckon.streaming.metrics.Metrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Keyed by {@code event_id} ({@link EventIdKey}): lets the first valid copy of an id through and drops every later copy that arrives
 * while the id is remembered. The memory is keyed state with a processing-time TTL (contract section 2: "earlier"
 * is Kafka offset order; all copies of an id share a partition, hence a source subtask and a channel, so they
 * arrive here in offset order). Invalid records never reach this operator, so they never count as "seen".
 */
public final class DeduplicateByEventId extends KeyedProcessFunction<EventIdKey, CountedEvent, CountedEvent> {
    private static final long serialVersionUID = 1L;
    public static final String STATE_NAME = "seen-event-ids";

    private final Duration ttl;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public DeduplicateByEventId(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("dedup TTL must be positive, got " + ttl);
        }
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>(STATE_NAME, Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP).counter(Metrics.DUPLICATES_DROPPED);
    }

    @Override
    public void processElement(CountedEvent event, Context ctx, Collector<CountedEvent> out) throws Exception {
        if (seen.value() == null) {
            seen.update(Boolean.TRUE);
            out.collect(event);
        } else {
            duplicates.inc();
        }
    }
}
