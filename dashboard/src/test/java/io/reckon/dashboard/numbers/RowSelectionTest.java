package io.reckon.dashboard.numbers;

import io.reckon.dashboard.finality.DayFinality;
import io.reckon.dashboard.query.TimeWindow;
import io.reckon.schemas.version.Versions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class RowSelectionTest {
    private static final LocalDate D1 = LocalDate.parse("2026-11-28");
    private static final LocalDate D2 = D1.plusDays(1);
    private static final LocalDate D3 = D1.plusDays(2);
    private static final long F = Versions.BATCH_BASE + 7;

    private static final Map<LocalDate, DayFinality> D2_FINAL = Map.of(D2, new DayFinality(D2, F, 0, false, new TreeMap<>()));

    @Test
    void aFinalDayCountsItsBatchRowsUpToItsFinalVersionAndProvisionalDaysEveryRow() {
        TimeWindow w = new TimeWindow(Instant.parse("2026-11-28T12:00:00Z"), Instant.parse("2026-11-30T06:00:00Z"));
        RowSelection counted = RowSelection.counted(w, D2_FINAL);
        assertThat(counted.segments()).containsExactly(
                new RowSelection.Segment(new TimeWindow(w.from(), TimeWindow.ofDay(D2).from()), 0, Long.MAX_VALUE),
                new RowSelection.Segment(TimeWindow.ofDay(D2), Versions.BATCH_BASE, F),
                new RowSelection.Segment(new TimeWindow(TimeWindow.ofDay(D3).from(), w.to()), 0, Long.MAX_VALUE));
        assertThat(counted.pinotPredicate()).isEqualTo("((window_start >= 1795867200000 AND window_start < 1795910400000)"
                + " OR (window_start >= 1795910400000 AND window_start < 1795996800000 AND version >= "
                + Versions.BATCH_BASE + " AND version <= " + F + ")"
                + " OR (window_start >= 1795996800000 AND window_start < 1796018400000))");
    }

    @Test
    void provisionalDaysNextToEachOtherAreOneSegment() {
        RowSelection counted = RowSelection.counted(new TimeWindow(TimeWindow.ofDay(D1).from(), TimeWindow.ofDay(D3).to()), Map.of());
        assertThat(counted.segments()).containsExactly(new RowSelection.Segment(
                new TimeWindow(TimeWindow.ofDay(D1).from(), TimeWindow.ofDay(D3).to()), 0, Long.MAX_VALUE));
    }

    @Test
    void sinceFinalIsWhatAFinalDaysNumberLeavesOut() {
        RowSelection since = RowSelection.sinceFinal(new TimeWindow(TimeWindow.ofDay(D1).from(), TimeWindow.ofDay(D3).to()), D2_FINAL);
        assertThat(since.segments()).containsExactly(
                new RowSelection.Segment(TimeWindow.ofDay(D2), 0, Versions.BATCH_BASE - 1),
                new RowSelection.Segment(TimeWindow.ofDay(D2), F + 1, Long.MAX_VALUE));
        assertThat(RowSelection.sinceFinal(TimeWindow.ofDay(D1), D2_FINAL).isEmpty()).isTrue();
        assertThat(RowSelection.sinceFinal(TimeWindow.ofDay(D1), D2_FINAL).pinotPredicate()).isEqualTo("1 = 0");
    }
}
