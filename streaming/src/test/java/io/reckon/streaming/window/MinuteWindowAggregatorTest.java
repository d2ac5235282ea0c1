package io.reckon.streaming.window;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.aggregate.Source;
import io.reckon.streaming.Harnesses;
import io.reckon.streaming.ingest.CountedEvent;
import io.reckon.streaming.job.SpeedLayerJob;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.reckon.streaming.TestEvents.T0;
import static io.reckon.streaming.TestEvents.counted;
import static io.reckon.streaming.TestEvents.impression;
import static org.assertj.core.api.Assertions.assertThat;

class MinuteWindowAggregatorTest {
    private static final long MIN = 60_000;
    private static final long WALL = 1_800_000_000_000L; // processing time (wall clock) in these tests

    private static KeyedOneInputStreamOperatorTestHarness<String, CountedEvent, AggregateRow> harness(
            Duration lateness, Duration early) throws Exception {
        return Harnesses.keyed(new MinuteWindowAggregator(lateness, early), new SpeedLayerJob.GrainKeyOf());
    }

    private static GrainKey grain(String ad, long windowStart) {
        return new GrainKey("adv-1", "cmp-1", ad, "USD", windowStart);
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, CountedEvent, AggregateRow> h,
                             CountedEvent e) throws Exception {
        h.processElement(e, e.eventTime);
    }

    private static List<CountedEvent> late(KeyedOneInputStreamOperatorTestHarness<String, CountedEvent, AggregateRow> h) {
        var side = h.getSideOutput(MinuteWindowAggregator.LATE);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private static String totals(AggregateRow r) {
        return r.key().adId() + "@" + (r.key().windowStart() - T0) / MIN + ":" + r.impressions() + "i/" + r.clicks()
                + "c/" + r.spendMicros();
    }

    @Test
    void tumblingMinutesAtTheGrainAreEmittedWhenTheWatermarkPassesTheirEnd() throws Exception {
        try (var h = harness(Duration.ZERO, Duration.ZERO)) {
            h.open();
            h.setProcessingTime(WALL);
            send(h, impression("e-1", T0 + 1_000, 100));
            send(h, counted("e-2", true, T0 + 59_999, "ad-1", 2_000));
            send(h, impression("e-3", T0 + 60_000, 7));           // next minute
            send(h, counted("e-4", false, T0 + 5_000, "ad-2", 1)); // other ad, same minute
            assertThat(h.extractOutputValues()).isEmpty();

            h.processWatermark(T0 + MIN - 1);
            assertThat(h.extractOutputValues()).extracting(MinuteWindowAggregatorTest::totals)
                    .containsExactlyInAnyOrder("ad-1@0:1i/1c/2100", "ad-2@0:1i/0c/1");
            h.processWatermark(T0 + 2 * MIN - 1);
            List<AggregateRow> rows = h.extractOutputValues();
            assertThat(rows).extracting(MinuteWindowAggregatorTest::totals)
                    .containsExactlyInAnyOrder("ad-1@0:1i/1c/2100", "ad-2@0:1i/0c/1", "ad-1@1:1i/0c/7");
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.source()).isEqualTo(Source.SPEED);
                assertThat(r.version()).isEqualTo(WALL);
                assertThat(r.updatedAt()).isEqualTo(WALL);
            });
            assertThat(h.numKeyedStateEntries()).as("closed windows are purged").isZero();
        }
    }

    @Test
    void earlyFiringsEmitOnlyChangedRowsWithRisingVersions() throws Exception {
        try (var h = harness(Duration.ofMinutes(5), Duration.ofSeconds(5))) {
            h.open();
            h.setProcessingTime(WALL + 1_000);
            send(h, impression("e-1", T0 + 1_000, 10));
            send(h, counted("e-2", false, T0 + 2_000, "ad-2", 20));
            h.setProcessingTime(WALL + 4_999);
            assertThat(h.extractOutputValues()).as("not before the tick").isEmpty();

            h.setProcessingTime(WALL + 5_000);
            List<AggregateRow> first = h.extractOutputValues();
            assertThat(first).extracting(MinuteWindowAggregatorTest::totals)
                    .containsExactlyInAnyOrder("ad-1@0:1i/0c/10", "ad-2@0:1i/0c/20");
            assertThat(first).allSatisfy(r -> assertThat(r.version()).isEqualTo(WALL + 5_000));

            h.setProcessingTime(WALL + 10_000);
            assertThat(h.extractOutputValues()).as("nothing changed, nothing re-emitted").hasSize(2);

            send(h, impression("e-3", T0 + 3_000, 5));
            h.setProcessingTime(WALL + 15_000);
            List<AggregateRow> all = h.extractOutputValues();
            assertThat(all).hasSize(3);
            AggregateRow third = all.get(2);
            assertThat(totals(third)).isEqualTo("ad-1@0:2i/0c/15");
            assertThat(third.version()).isGreaterThan(first.stream()
                    .filter(r -> r.key().adId().equals("ad-1")).findFirst().orElseThrow().version());
        }
    }

    @Test
    void versionsRiseEvenWhenTheClockDoesNot() throws Exception {
        try (var h = harness(Duration.ofMinutes(5), Duration.ZERO)) {
            h.open();
            h.setProcessingTime(WALL);
            send(h, impression("e-1", T0, 1));
            h.processWatermark(T0 + MIN - 1);     // on time
            send(h, impression("e-2", T0 + 1, 1)); // late, within lateness: emitted at once (no early firings)
            send(h, impression("e-3", T0 + 2, 1));
            List<AggregateRow> rows = h.extractOutputValues();
            assertThat(rows).extracting(MinuteWindowAggregatorTest::totals)
                    .containsExactly("ad-1@0:1i/0c/1", "ad-1@0:2i/0c/2", "ad-1@0:3i/0c/3");
            assertThat(rows).extracting(AggregateRow::version).containsExactly(WALL, WALL + 1, WALL + 2);
        }
    }

    @Test
    void lateEventsWithinLatenessUpdateTheRowAndLaterOnesTakeTheLatePath() throws Exception {
        try (var h = harness(Duration.ofMinutes(2), Duration.ofSeconds(5))) {
            h.open();
            h.setProcessingTime(WALL);
            send(h, impression("e-1", T0 + 1_000, 10));
            h.processWatermark(T0 + MIN + 30_000); // window ended, lateness not over
            assertThat(h.extractOutputValues()).extracting(MinuteWindowAggregatorTest::totals)
                    .containsExactly("ad-1@0:1i/0c/10");

            send(h, impression("e-2", T0 + 2_000, 5)); // late but within lateness: counted
            h.setProcessingTime(WALL + 5_000);
            assertThat(h.extractOutputValues()).extracting(MinuteWindowAggregatorTest::totals)
                    .containsExactly("ad-1@0:1i/0c/10", "ad-1@0:2i/0c/15");

            h.processWatermark(T0 + 3 * MIN - 1); // = window end - 1 + lateness: closed
            assertThat(h.numKeyedStateEntries()).isZero();
            send(h, impression("e-3", T0 + 3_000, 1000)); // beyond lateness
            h.setProcessingTime(WALL + 10_000);
            assertThat(h.extractOutputValues()).as("the complete row is never overwritten").hasSize(2);
            assertThat(late(h)).extracting(e -> e.eventId.toString()).containsExactly("e-3");
            assertThat(h.numKeyedStateEntries()).as("a late event opens no window").isZero();
        }
    }

    @Test
    void afterARestoreAnEventForAWindowThatHadClosedDoesNotOpenASmallerPartialWindow() throws Exception {
        OperatorSubtaskState snapshot;
        long completeVersion;
        try (var h = harness(Duration.ofMinutes(1), Duration.ofSeconds(5))) {
            h.open();
            h.setProcessingTime(WALL);
            send(h, impression("e-1", T0 + 1_000, 10));
            send(h, impression("e-2", T0 + 2_000, 10));
            send(h, impression("e-9", T0 + 3 * MIN + 1_000, 1)); // a later window, still open at the checkpoint
            h.processWatermark(T0 + 2 * MIN + 10_000); // closes minute 0 (end + 1 min lateness)
            List<AggregateRow> rows = h.extractOutputValues();
            assertThat(rows).extracting(MinuteWindowAggregatorTest::totals).containsExactly("ad-1@0:2i/0c/20");
            completeVersion = rows.get(0).version();
            snapshot = h.snapshot(1, WALL + 1);
        }
        // Restored: watermarks are not checkpointed, the new instance starts at -inf.
        try (var restored = harness(Duration.ofMinutes(1), Duration.ofSeconds(5))) {
            restored.initializeState(snapshot);
            restored.open();
            restored.setProcessingTime(WALL + 20_000);

            send(restored, impression("e-3", T0 + 4_000, 1_000)); // minute 0 closed before the failure
            send(restored, impression("e-10", T0 + 3 * MIN + 2_000, 2)); // minute 3 was open: goes on
            restored.setProcessingTime(WALL + 25_000);

            List<AggregateRow> rows = restored.extractOutputValues();
            // The restored pending early firing of minute 3 fires first; minute 0 is never emitted again.
            assertThat(rows).extracting(MinuteWindowAggregatorTest::totals)
                    .containsExactly("ad-1@3:1i/0c/1", "ad-1@3:2i/0c/3");
            assertThat(rows.get(1).version()).isGreaterThan(rows.get(0).version()).isGreaterThan(completeVersion);
            assertThat(late(restored)).extracting(e -> e.eventId.toString()).containsExactly("e-3");
        }
    }

    @Test
    void aRestoredOpenWindowKeepsItsTotalsAndItsLastVersion() throws Exception {
        OperatorSubtaskState snapshot;
        long firstVersion;
        try (var h = harness(Duration.ofMinutes(5), Duration.ofSeconds(5))) {
            h.open();
            h.setProcessingTime(WALL + 100_000);
            send(h, impression("e-1", T0, 10));
            h.setProcessingTime(WALL + 105_000);
            firstVersion = h.extractOutputValues().get(0).version();
            snapshot = h.snapshot(1, WALL + 105_001);
        }
        try (var restored = harness(Duration.ofMinutes(5), Duration.ofSeconds(5))) {
            restored.initializeState(snapshot);
            restored.open();
            restored.setProcessingTime(WALL); // the wall clock stepped back
            send(restored, impression("e-2", T0 + 1, 5));
            restored.setProcessingTime(WALL + 5_000);
            List<AggregateRow> rows = restored.extractOutputValues();
            assertThat(rows).extracting(MinuteWindowAggregatorTest::totals).containsExactly("ad-1@0:2i/0c/15");
            assertThat(rows.get(0).version()).isEqualTo(firstVersion + 1);
        }
    }
}
