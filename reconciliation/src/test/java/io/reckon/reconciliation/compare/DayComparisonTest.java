package io.reckon.reconciliation.compare;

import io.reckon.schemas.aggregate.GrainKey;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.reckon.reconciliation.compare.Rows.batch;
import static io.reckon.reconciliation.compare.Rows.c;
import static io.reckon.reconciliation.compare.Rows.key;
import static io.reckon.reconciliation.compare.Rows.speed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DayComparisonTest {
    private static final TimeRange DAY = TimeRange.ofDay(LocalDate.of(2025, 11, 25));

    @Test
    void mergesTheSortedExactRowsWithPinotPagesAcrossTheWholeDay() {
        TimeRangePagerTest.MemoryTable pinot = new TimeRangePagerTest.MemoryTable();
        List<ExactRow> exact = new ArrayList<>();
        for (int m = 0; m < 1440; m += 5) {
            GrainKey same = key("same", m);
            GrainKey off = key("off", m);
            exact.add(new ExactRow(same, c(m, 1, 100), "b1"));
            exact.add(new ExactRow(off, c(2, 0, 5), "b1"));
            pinot.rows.add(batch(same, c(m, 1, 100), 1));
            pinot.rows.add(speed(off, c(3, 0, 5)));
            if (m % 60 == 0) {
                pinot.rows.add(speed(key("extra", m), c(1, 0, 1)));
            }
        }
        exact.sort((a, b) -> Long.compare(a.key().windowStart(), b.key().windowStart()));
        DriftTally tally = new DriftTally(3);

        long pages = DayComparison.compare(DAY, new TimeRangePager(pinot, 7, 120), exact.iterator(), tally);

        assertThat(pages).isGreaterThan(12);
        assertThat(tally.count(KeyClass.MATCH)).isEqualTo(288);
        assertThat(tally.count(KeyClass.VALUES_DIFFER)).isEqualTo(288);
        assertThat(tally.count(KeyClass.EXTRA_IN_PINOT)).isEqualTo(24);
        assertThat(tally.differences()).isEqualTo(312);
        assertThat(tally.driftByCurrency().get("USD").impressions()).isEqualTo(288 + 24);
        assertThat(tally.samples()).hasSize(3);
    }

    @Test
    void anExactRowOutsideTheDayIsRefused() {
        TimeRangePagerTest.MemoryTable pinot = new TimeRangePagerTest.MemoryTable();
        List<ExactRow> exact = List.of(new ExactRow(key("x", 1440), c(1, 0, 0), "b1"));
        assertThatThrownBy(() -> DayComparison.compare(DAY, new TimeRangePager(pinot, 10, 60), exact.iterator(), o -> { }))
                .hasMessageContaining("outside the day");
    }

    @Test
    void exactRowsOutOfOrderAreRefused() {
        TimeRangePagerTest.MemoryTable pinot = new TimeRangePagerTest.MemoryTable();
        List<ExactRow> exact = List.of(new ExactRow(key("x", 300), c(1, 0, 0), "b1"),
                new ExactRow(key("y", 10), c(1, 0, 0), "b1"));
        assertThatThrownBy(() -> DayComparison.compare(DAY, new TimeRangePager(pinot, 10, 60), exact.iterator(), o -> { }))
                .hasMessageContaining("order");
    }
}
