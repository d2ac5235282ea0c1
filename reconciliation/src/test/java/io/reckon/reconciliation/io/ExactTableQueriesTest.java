package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact rows' range queries leave nothing of the partition out: open at the day's ends, NULLs in the first. */
class ExactTableQueriesTest {
    private static final LocalDate DAY = LocalDate.of(2025, 11, 25);

    @Test
    void theFirstRangeIsOpenBelowTheLastAboveTheWholeDayBoth() {
        List<TimeRange> two = ParallelExactRead.split(TimeRange.ofDay(DAY), 2);
        long mid = two.get(0).to();
        assertThat(ExactTableQueries.bounds(DAY, two.get(0))).as("a NULL window_start is read, to be refused")
                .isEqualTo(" AND (window_start < " + mid + " OR window_start IS NULL)");
        assertThat(ExactTableQueries.bounds(DAY, two.get(1))).isEqualTo(" AND window_start >= " + mid);
        assertThat(ExactTableQueries.bounds(DAY, TimeRange.ofDay(DAY))).isEmpty();
        List<TimeRange> three = ParallelExactRead.split(TimeRange.ofDay(DAY), 3);
        assertThat(ExactTableQueries.bounds(DAY, three.get(1))).isEqualTo(" AND window_start >= " + three.get(1).from()
                + " AND window_start < " + three.get(1).to());
    }
}
