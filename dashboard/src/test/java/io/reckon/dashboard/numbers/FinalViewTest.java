package io.reckon.dashboard.numbers;

import io.reckon.dashboard.finality.DayFinality;
import io.reckon.schemas.version.Versions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.reckon.dashboard.numbers.FinalView.Share.COUNTED;
import static io.reckon.dashboard.numbers.FinalView.Share.SINCE_FINAL;
import static org.assertj.core.api.Assertions.assertThat;

class FinalViewTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-28");
    private static final long F = Versions.BATCH_BASE + 7;
    private static final Map<LocalDate, DayFinality> FINALS = Map.of(DAY, new DayFinality(DAY, F, 0, false, new TreeMap<>()));
    private static final Instant NOON = Instant.parse("2026-11-28T12:00:00Z");

    private record Seen(Instant at, long versionClass) {
    }

    private static FinalView view(Seen... seen) {
        return FinalView.of(FINALS, List.of(seen), Seen::at, Seen::versionClass);
    }

    @Test
    void theVersionClassOfASpeedRowIsZeroAndOfABatchRowItsVersion() {
        assertThat(FinalView.versionClass(1_800_000_000_000L)).isZero();
        assertThat(FinalView.versionClass(Versions.BATCH_BASE - 1)).isZero();
        assertThat(FinalView.versionClass(F)).isEqualTo(F);
    }

    @Test
    void aFinalDayCountsItsBatchRowsUpToItsVersionAndShowsSpeedRowsApart() {
        FinalView v = view(new Seen(NOON, F), new Seen(NOON, F - 3), new Seen(NOON, 0));
        assertThat(v.status(DAY)).isEqualTo(FinalView.Status.FINAL);
        assertThat(v.share(DAY, F)).isEqualTo(COUNTED);
        assertThat(v.share(DAY, F - 3)).isEqualTo(COUNTED);
        assertThat(v.share(NOON, 0)).isEqualTo(SINCE_FINAL);
    }

    @Test
    void aRowAboveTheFinalVersionMakesTheDayRevisingWhereEveryRowCounts() {
        FinalView v = view(new Seen(NOON, F), new Seen(Instant.parse("2026-11-28T23:59:00Z"), F + 1));
        assertThat(v.status(DAY)).isEqualTo(FinalView.Status.REVISING);
        assertThat(v.share(DAY, F + 1)).isEqualTo(COUNTED);
        assertThat(v.share(DAY, 0)).isEqualTo(COUNTED);
    }

    @Test
    void aDayThatIsNotFinalCountsEveryRow() {
        FinalView v = view(new Seen(NOON.plusSeconds(86_400), F + 5));
        assertThat(v.status(DAY.plusDays(1))).isEqualTo(FinalView.Status.PROVISIONAL);
        assertThat(v.share(DAY.plusDays(1), 0)).isEqualTo(COUNTED);
        assertThat(v.status(DAY)).as("no rows seen on the FINAL day: still FINAL").isEqualTo(FinalView.Status.FINAL);
    }
}
