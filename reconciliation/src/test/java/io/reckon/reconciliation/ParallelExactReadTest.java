package io.reckon.reconciliation;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.ExactRow;
import io.reckon.reconciliation.compare.ExactSummary;
import io.reckon.reconciliation.compare.TimeRange;
import io.reckon.reconciliation.io.ParallelExactRead;
import io.reckon.reconciliation.io.ReconcileStores;
import io.reckon.schemas.aggregate.GrainKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.reckon.reconciliation.io.ListExactRows.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The day read as several range queries at once comes out as one read would give it, and is kept for the recheck. */
class ParallelExactReadTest {
    private static final LocalDate DAY = LocalDate.of(2025, 11, 25);
    private static final long T0 = TimeRange.ofDay(DAY).from();

    @TempDir
    Path dir;

    private final ReconcilerTest.MemoryTruth hive = new ReconcilerTest.MemoryTruth();

    @Test
    void theDayInWholeMinuteRangesWithoutGapsOrOverlaps() {
        for (int n = 1; n <= 7; n++) {
            List<TimeRange> ranges = ParallelExactRead.split(TimeRange.ofDay(DAY), n);
            assertThat(ranges).hasSize(n);
            assertThat(ranges.get(0).from()).isEqualTo(T0);
            assertThat(ranges.get(n - 1).to()).isEqualTo(TimeRange.ofDay(DAY).to());
            for (int i = 1; i < n; i++) {
                assertThat(ranges.get(i).from()).isEqualTo(ranges.get(i - 1).to());
            }
        }
    }

    @Test
    void rowsComeOutInWindowStartOrderAcrossTheRangesAndAreReplayedTheSame() throws Exception {
        for (int m = 1439; m >= 0; m -= 7) {
            hive.rows.add(new ExactRow(new GrainKey("adv-1", "cmp-1", "ad-" + m, m % 2 == 0 ? "USD" : "EUR",
                    T0 + m * 60_000L), new Counts(m, m % 3, 1_000L * m), m < 700 ? "batch-a" : "batch-b"));
        }
        List<ExactRow> expected = hive.rows.stream().sorted(Comparator.comparingLong(r -> r.key().windowStart())).toList();
        Path work = dir.resolve("work");
        try (ParallelExactRead read = new ParallelExactRead(() -> hive, List.of("exact"), DAY, 3, work, "run-1")) {
            assertThatThrownBy(read::summary).as("not before the rows are read").isInstanceOf(IllegalStateException.class);
            ReconcileStores.ExactRows rows = read.rows();
            List<ExactRow> got = new ArrayList<>();
            rows.forEachRemaining(got::add);
            assertThat(got).isEqualTo(expected);
            assertThat(rows.rows()).isEqualTo(expected.size());
            assertThat(rows.batchRunIds()).containsExactly("batch-a", "batch-b");
            rows.close();
            assertThat(hive.reads).as("one query per range").isEqualTo(3);
            assertThatThrownBy(read::rows).isInstanceOf(IllegalStateException.class);

            assertThat(drain(read.replay())).as("the run's copy").isEqualTo(expected);
            ExactSummary summary = read.summary();
            assertThat(summary.rows()).isEqualTo(expected.size());
            assertThat(summary.changeTo(hive.exactSummary(DAY))).as("what Hive says of the same rows").isEmpty();
        }
        assertThat(work).as("the files are deleted").isEmptyDirectory();
    }

    @Test
    void rowsOfThePartitionOutsideTheDayAreNotLeftOut() throws Exception {
        long dayEnd = TimeRange.ofDay(DAY).to();
        for (long ws : new long[] {T0 - 60_000L, T0 + 720 * 60_000L, dayEnd + 60_000L}) {
            hive.rows.add(new ExactRow(new GrainKey("adv-1", "cmp-1", "ad-" + ws, "USD", ws), new Counts(1, 0, 1), "b"));
        }
        try (ParallelExactRead read = new ParallelExactRead(() -> hive, List.of(), DAY, 2, dir, "run-3")) {
            assertThat(drain(read.rows())).extracting(r -> r.key().windowStart())
                    .as("for the comparison to refuse them").containsExactly(T0 - 60_000L, T0 + 720 * 60_000L,
                            dayEnd + 60_000L);
        }
    }

    @Test
    void aFailedRangeFailsTheRead() throws Exception {
        hive.rows.add(new ExactRow(new GrainKey("adv-1", "cmp-1", "ad-1", "USD", T0), new Counts(1, 0, 1), "b"));
        ReconcilerTest.MemoryTruth failing = new ReconcilerTest.MemoryTruth() {
            @Override
            public synchronized ReconcileStores.ExactRows exactRows(LocalDate day, TimeRange range) {
                if (range.from() != T0) {
                    throw new IllegalStateException("HiveServer2 went away");
                }
                return hive.exactRows(day, range);
            }
        };
        try (ParallelExactRead read = new ParallelExactRead(() -> failing, List.of(), DAY, 2, dir, "run-2")) {
            assertThatThrownBy(() -> drain(read.rows())).hasMessageContaining("HiveServer2 went away");
            assertThatThrownBy(read::summary).as("never the summary of a partial read")
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(read::replay).as("nor its rows").isInstanceOf(IllegalStateException.class);
        }
    }
}
