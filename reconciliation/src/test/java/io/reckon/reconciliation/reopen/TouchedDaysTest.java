package io.reckon.reconciliation.reopen;

import io.reckon.reconciliation.reopen.TouchedDays.FinalBasis;
import io.reckon.reconciliation.reopen.TouchedDays.Touch;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TouchedDaysTest {
    private static final LocalDate D = LocalDate.of(2025, 11, 25);
    private static final LocalDate BEFORE = LocalDate.of(2025, 11, 26);

    private static Touch touch(LocalDate day, long writtenAt) {
        return new Touch(day, "7", writtenAt - 1_500, writtenAt, "f");
    }

    private static FinalBasis fin(LocalDate day, long version, long batchStartedAt) {
        return new FinalBasis(day, version, OptionalLong.of(batchStartedAt));
    }

    @Test
    void aTouchWrittenAfterTheBatchBehindTheFinalStartedReopensTheDay() {
        // Compared with the batch's start, never with the FINAL's own time (FinalBasis does not even carry it): a
        // FINAL made at 8,000 from a batch that started at 1,000 misses a record touched at 5,000.
        assertThat(TouchedDays.reopened(List.of(fin(D, 1, 1_000)), List.of(touch(D, 5_000)), BEFORE)).containsExactly(D);
    }

    @Test
    void aTouchWrittenBeforeTheBatchStartedDoesNot() {
        assertThat(TouchedDays.reopened(List.of(fin(D, 1, 6_000)), List.of(touch(D, 5_000)), BEFORE)).isEmpty();
    }

    @Test
    void writtenAtTheSameMillisecondCountsAsNewer() {
        assertThat(TouchedDays.reopened(List.of(fin(D, 1, 5_000)), List.of(touch(D, 5_000)), BEFORE)).containsExactly(D);
    }

    @Test
    void theDetectionTimeDoesNotDecideTheFileTimeDoes() {
        // detected at 4,000 (before the batch started at 4,500) but committed and written only at 5,000: the batch
        // may have missed the records.
        Touch t = new Touch(D, "3", 4_000, 5_000, "f");
        assertThat(TouchedDays.reopened(List.of(fin(D, 1, 4_500)), List.of(t), BEFORE)).containsExactly(D);
    }

    @Test
    void aDayReFinalizedAfterTheTouchIsNotListedAgain() {
        // FINAL v1 rests on a batch started at 1,000; the touch at 5,000 reopened it; the nightly re-ran the batch at
        // 7,000 and reconciled: FINAL v2. The current FINAL is the one with the highest version, whatever the order.
        List<FinalBasis> finals = List.of(fin(D, 2, 7_000), fin(D, 1, 1_000));
        assertThat(TouchedDays.reopened(finals, List.of(touch(D, 5_000)), BEFORE)).isEmpty();
        assertThat(TouchedDays.reopened(List.of(fin(D, 1, 1_000), fin(D, 2, 7_000)), List.of(touch(D, 5_000)), BEFORE)).isEmpty();
        // a later touch reopens it again
        assertThat(TouchedDays.reopened(finals, List.of(touch(D, 5_000), touch(D, 9_000)), BEFORE)).containsExactly(D);
    }

    @Test
    void daysNotFinalOrNotBeforeTheLimitAreNotListed() {
        LocalDate notFinal = D.minusDays(1);
        List<FinalBasis> finals = List.of(fin(D, 1, 1_000), fin(BEFORE, 1, 1_000));
        assertThat(TouchedDays.reopened(finals, List.of(touch(notFinal, 5_000), touch(BEFORE, 5_000)), BEFORE))
                .isEmpty();
        assertThat(TouchedDays.reopened(finals, List.of(touch(BEFORE, 5_000)), BEFORE.plusDays(1)))
                .containsExactly(BEFORE);
    }

    @Test
    void aFinalWhoseBatchRunIsUnknownIsReopenedByAnyTouch() {
        FinalBasis unknown = new FinalBasis(D, 1, OptionalLong.empty());
        assertThat(TouchedDays.reopened(List.of(unknown), List.of(touch(D, 1)), BEFORE)).containsExactly(D);
    }

    @Test
    void severalDaysComeOutAscendingAndOnce() {
        LocalDate d2 = D.minusDays(3);
        assertThat(TouchedDays.reopened(List.of(fin(D, 1, 1_000), fin(d2, 1, 1_000)),
                List.of(touch(D, 2_000), touch(d2, 3_000), touch(D, 4_000)), BEFORE)).containsExactly(d2, D);
    }

    @Test
    void parsesTheSpeedLayersLines() {
        Touch t = TouchedDays.parse("{\"dt\":\"2025-11-25\",\"hr\":\"7\",\"records\":3,\"checkpoint_id\":42,"
                + "\"detected_at\":1764054123456}", 1764054125000L, "file:/x/dt=2025-11-25/1764054123456-chk42.json");
        assertThat(t).isEqualTo(new Touch(D, "7", 1764054123456L, 1764054125000L,
                "file:/x/dt=2025-11-25/1764054123456-chk42.json"));
    }

    @Test
    void refusesLinesItCannotRead() {
        assertThatThrownBy(() -> TouchedDays.parse("{\"dt\":\"2025-11-25\"", 1, "f")).hasMessageContaining("unreadable");
        assertThatThrownBy(() -> TouchedDays.parse("{\"hr\":\"7\",\"detected_at\":1}", 1, "f")).hasMessageContaining("dt");
        assertThatThrownBy(() -> TouchedDays.parse("{\"dt\":\"2025-11-25\",\"detected_at\":\"x\"}", 1, "f"))
                .hasMessageContaining("detected_at");
        assertThatThrownBy(() -> TouchedDays.parse("{\"dt\":\"25-11-2025\",\"detected_at\":1}", 1, "f"))
                .hasMessageContaining("dt is not a day");
    }
}
