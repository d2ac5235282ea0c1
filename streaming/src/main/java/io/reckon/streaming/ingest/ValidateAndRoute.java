package io.reckon.streaming.ingest;

import io.reckon.schemas.validation.ReasonCode;
import io.reckon.streaming.metrics.Metrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;
import java.util.Map;

/**
 * Splits the ingress by the shared verdict: valid events go on to be counted, invalid records go, byte for byte, to
 * the dead-letter side output ({@link #DEAD_LETTERS}). Counts events in, valid, and invalid by reason.
 */
public final class ValidateAndRoute extends ProcessFunction<IngressRecord, CountedEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<IngressRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };

    private final long lostOutputCheckpoint;
    private transient Counter eventsIn;
    private transient Counter eventsValid;
    private transient Counter eventsInvalid;
    private transient Map<ReasonCode, Counter> invalidByReason;
    private transient MetricGroup reasons;

    public ValidateAndRoute() {
        this(0);
    }

    /**
     * @param lostOutputCheckpoint the checkpoint this job resumed from whose pre-committed output the broker had
     *                             aborted (0: none), published as the gauge {@link Metrics#LOST_OUTPUT_CHECKPOINT}
     *                             so that an alert sees what the start's log line says
     */
    public ValidateAndRoute(long lostOutputCheckpoint) {
        this.lostOutputCheckpoint = lostOutputCheckpoint;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP);
        group.gauge(Metrics.LOST_OUTPUT_CHECKPOINT, () -> lostOutputCheckpoint);
        eventsIn = group.counter(Metrics.EVENTS_IN);
        eventsValid = group.counter(Metrics.EVENTS_VALID);
        eventsInvalid = group.counter(Metrics.EVENTS_INVALID);
        reasons = group;
        invalidByReason = new EnumMap<>(ReasonCode.class);
    }

    @Override
    public void processElement(IngressRecord record, Context ctx, Collector<CountedEvent> out) {
        eventsIn.inc();
        if (record.isValid()) {
            eventsValid.inc();
            out.collect(record.event);
        } else {
            eventsInvalid.inc();
            invalidByReason.computeIfAbsent(ReasonCode.valueOf(record.reason),
                    code -> reasons.addGroup(Metrics.REASON, code.name()).counter(Metrics.EVENTS_INVALID_BY_REASON))
                    .inc();
            ctx.output(DEAD_LETTERS, record);
        }
    }
}
