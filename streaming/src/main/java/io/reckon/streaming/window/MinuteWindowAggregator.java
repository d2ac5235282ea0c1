package io.reckon.streaming.window;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.key.CanonicalKey;
import io.reckon.schemas.time.UtcTime;
import io.reckon.schemas.version.Versions;
import io.reckon.streaming.ingest.CountedEvent;
import io.reckon.streaming.metrics.Metrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The 1-minute tumbling window at the contract's grain, keyed by the grain row's canonical key text (which
 * includes {@code window_start}, so one key is one window).
 *
 * <ul>
 *   <li><b>Event time.</b> The window of an event is its {@code event_time} floored to the UTC minute. It closes
 *       when the watermark reaches {@code window_end - 1 + allowedLateness}: then its last change is emitted and
 *       its state purged.</li>
 *   <li><b>Early firings.</b> With a period P &gt; 0, a changed row is emitted at the next multiple of P in
 *       processing time (all keys fire together, so each tick emits exactly the rows that changed since their last
 *       emission). A row is also emitted when the watermark passes its window end. With P = 0 a row is emitted only
 *       when the watermark passes its end, and after that on every late (within lateness) change.</li>
 *   <li><b>Versions.</b> Every emission of a row carries {@code Versions.nextSpeed(previous, now)}: strictly
 *       higher than the previous emission of the same row, and, being wall-clock time, higher than anything an
 *       earlier run of the job emitted.</li>
 *   <li><b>Late path.</b> An event whose window is already closed goes to {@link #LATE} (and is counted in a
 *       metric); it never re-opens the window, so it can never overwrite the complete row with a smaller one.</li>
 *   <li><b>Restores.</b> Watermarks are not checkpointed: a restored job starts at watermark -inf. This operator
 *       therefore checkpoints the highest watermark it had seen ("watermark floor", union operator state; a restore
 *       takes the maximum) and treats every window that closes at or below that floor as closed. A window that
 *       was still open at the checkpoint is restored with its state and its timers and goes on normally.</li>
 * </ul>
 */
public final class MinuteWindowAggregator extends KeyedProcessFunction<String, CountedEvent, AggregateRow>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<CountedEvent> LATE = new OutputTag<>("late-events") {
    };
    public static final String STATE_NAME = "window-totals";
    public static final String FLOOR_STATE_NAME = "watermark-floor";

    private final long allowedLatenessMs;
    private final long earlyFiringPeriodMs;

    private transient ValueState<WindowAccumulator> totals;
    private transient ListState<Long> floorState;
    /** The highest watermark restored from a checkpoint; windows closing at or below it are closed. */
    private transient long restoredFloor;
    /** The highest watermark this instance has seen. */
    private transient long highestWatermark;
    private transient Counter lateEvents;
    private transient Counter emissions;

    public MinuteWindowAggregator(Duration allowedLateness, Duration earlyFiringPeriod) {
        if (allowedLateness.isNegative() || earlyFiringPeriod.isNegative()) {
            throw new IllegalArgumentException("lateness and early-firing period must not be negative");
        }
        this.allowedLatenessMs = allowedLateness.toMillis();
        this.earlyFiringPeriodMs = earlyFiringPeriod.toMillis();
    }

    /** The last millisecond of the window starting at {@code windowStart}. */
    static long windowMaxTimestamp(long windowStart) {
        return windowStart + UtcTime.MINUTE_MS - 1;
    }

    /** The watermark at which the window starting at {@code windowStart} closes for good. */
    long closeTime(long windowStart) {
        return windowMaxTimestamp(windowStart) + allowedLatenessMs;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        floorState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(FLOOR_STATE_NAME, Types.LONG));
        restoredFloor = Long.MIN_VALUE;
        if (context.isRestored()) {
            for (Long floor : floorState.get()) {
                restoredFloor = Math.max(restoredFloor, floor);
            }
        }
        highestWatermark = restoredFloor;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        floorState.update(java.util.List.of(highestWatermark));
    }

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_NAME,
                TypeInformation.of(WindowAccumulator.class)));
        lateEvents = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP).counter(Metrics.LATE_EVENTS);
        emissions = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP).counter(Metrics.WINDOWS_EMITTED);
    }

    @Override
    public void processElement(CountedEvent event, Context ctx, Collector<AggregateRow> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        highestWatermark = Math.max(highestWatermark, watermark);
        WindowAccumulator acc = totals.value();
        if (acc == null) {
            long close = closeTime(event.windowStart);
            if (close <= highestWatermark) {
                lateEvents.inc();
                ctx.output(LATE, event);
                return;
            }
            acc = new WindowAccumulator();
            acc.windowStart = event.windowStart;
            ctx.timerService().registerEventTimeTimer(windowMaxTimestamp(event.windowStart));
            ctx.timerService().registerEventTimeTimer(close);
        }
        if (event.click) {
            acc.clicks++;
        } else {
            acc.impressions++;
        }
        acc.spendMicros = Math.addExact(acc.spendMicros, event.costMicros);
        acc.dirty = true;
        long now = ctx.timerService().currentProcessingTime();
        if (earlyFiringPeriodMs > 0) {
            ctx.timerService().registerProcessingTimeTimer((Math.floorDiv(now, earlyFiringPeriodMs) + 1)
                    * earlyFiringPeriodMs);
            totals.update(acc);
        } else if (watermark >= windowMaxTimestamp(acc.windowStart)) {
            emit(ctx.getCurrentKey(), acc, now, out);
        } else {
            totals.update(acc);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AggregateRow> out) throws Exception {
        WindowAccumulator acc = totals.value();
        long now = ctx.timerService().currentProcessingTime();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            highestWatermark = Math.max(highestWatermark, ctx.timerService().currentWatermark());
        }
        if (acc == null) {
            return; // a timer of a window already closed
        }
        if (acc.dirty) {
            emit(ctx.getCurrentKey(), acc, now, out);
        }
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp >= closeTime(acc.windowStart)) {
            totals.clear();
        }
    }

    private void emit(String key, WindowAccumulator acc, long now, Collector<AggregateRow> out) throws Exception {
        GrainKey grain = CanonicalKey.decode(key.getBytes(StandardCharsets.UTF_8));
        long version = Versions.nextSpeed(acc.lastVersion, now);
        out.collect(new AggregateRow(grain, acc.impressions, acc.clicks, acc.spendMicros, version, Source.SPEED,
                now));
        emissions.inc();
        acc.lastVersion = version;
        acc.dirty = false;
        totals.update(acc);
    }
}
