package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.ExactRow;
import io.reckon.reconciliation.compare.ExactSummary;
import io.reckon.schemas.aggregate.GrainKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.reckon.reconciliation.io.ListExactRows.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run's copy of the exact rows: replayed as read, summarised as Hive summarises them, deleted on close. */
class ExactSpoolTest {
    @TempDir
    Path dir;

    private static ExactRow row(String ad, String currency, long minute, long impressions, long spend, String run) {
        return new ExactRow(new GrainKey("adv-é", "cmp-1", ad, currency, 1_764_460_800_000L + minute * 60_000L),
                new Counts(impressions, impressions / 10, spend), run);
    }

    @Test
    void replaysTheRowsInTheOrderReadAndSumsThemAsHiveDoes() throws Exception {
        List<ExactRow> rows = List.of(
                row("ad-2", "USD", 3, 20, Long.MAX_VALUE / 2, "batch-a"),
                row("ad-1", "USD", 1, 10, Long.MAX_VALUE / 2, "batch-b"),
                row("ad-0", "EUR", 2, 0, 0, "batch-a"),          // all zero: a row, not a key
                row("ad-3", "EUR", 0, 7, 1_500, "batch-a"));
        Path file = dir.resolve("work").resolve("run.exact");
        try (ExactSpool spool = new ExactSpool(file)) {
            assertThat(drain(spool.recording(ListExactRows.of(rows)))).as("passed through as read").isEqualTo(rows);
            assertThat(drain(spool.replay())).as("replayed").isEqualTo(rows);
            assertThat(drain(spool.replay())).as("as often as asked").isEqualTo(rows);
            ExactSummary summary = spool.summary();
            assertThat(summary.batchRunIds()).containsExactly("batch-a", "batch-b");
            assertThat(summary.rows()).isEqualTo(4);
            assertThat(summary.byCurrency()).isEqualTo(new TreeMap<>(Map.of(
                    "USD", new ExactSummary.Sums(2, 30, 3, Long.MAX_VALUE / 2 * 2),
                    "EUR", new ExactSummary.Sums(1, 7, 0, 1_500))));
            assertThat(summary.changeTo(summary)).isEmpty();
            assertThat(summary.changeTo(new ExactSummary(summary.batchRunIds(), 5, summary.byCurrency())))
                    .hasValue("4 exact rows -> 5");
            assertThatThrownBy(() -> spool.recording(ListExactRows.of(rows))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Files.exists(file)).as("deleted on close").isFalse();
    }

    @Test
    void aCurrencyWhoseRowsAreAllZeroIsTheSameAsNoRowOfIt() {
        ExactSummary withZeroEur = new ExactSummary(new TreeSet<>(List.of("b")), 2, new TreeMap<>(Map.of(
                "USD", new ExactSummary.Sums(1, 1, 0, 5), "EUR", new ExactSummary.Sums(0, 0, 0, 0))));
        ExactSummary without = new ExactSummary(new TreeSet<>(List.of("b")), 2, new TreeMap<>(Map.of(
                "USD", new ExactSummary.Sums(1, 1, 0, 5))));
        assertThat(withZeroEur.changeTo(without)).isEmpty();
    }
}
