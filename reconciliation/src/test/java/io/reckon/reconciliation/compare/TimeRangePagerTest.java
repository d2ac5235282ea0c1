package io.reckon.reconciliation.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.reckon.reconciliation.compare.Rows.c;
import static io.reckon.reconciliation.compare.Rows.key;
import static io.reckon.reconciliation.compare.Rows.speed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeRangePagerTest {
    /** An in-memory table answering range queries like Pinot: at most `limit` rows, in no particular order. */
    static final class MemoryTable implements PinotPageSource {
        final List<PinotRow> rows = new ArrayList<>();
        final List<String> queries = new ArrayList<>();
        int growOnRead;

        @Override
        public List<PinotRow> rows(TimeRange range, int limit) {
            queries.add("rows " + range + " limit " + limit);
            for (int i = 0; i < growOnRead; i++) { // a concurrent writer adding keys while the query runs
                rows.add(speed(key("grown" + rows.size(), (int) ((range.from() - Rows.DAY) / 60_000)), c(1, 0, 0)));
            }
            List<PinotRow> out = new ArrayList<>();
            for (PinotRow r : rows) {
                if (range.contains(r.key().windowStart()) && out.size() < limit) {
                    out.add(r);
                }
            }
            return out;
        }

        @Override
        public long count(TimeRange range) {
            queries.add("count " + range);
            return rows.stream().filter(r -> range.contains(r.key().windowStart())).count();
        }
    }

    private static final TimeRange DAY = TimeRange.ofDay(java.time.LocalDate.of(2025, 11, 25));

    @Test
    void pagesCoverTheDayInOrderWithoutGapsAndSplitFullRanges() {
        MemoryTable t = new MemoryTable();
        for (int m = 0; m < 1440; m += 7) {
            for (int k = 0; k < 3; k++) {
                t.rows.add(speed(key("ad" + k, m), c(1, 0, 0)));
            }
        }
        List<TimeRangePager.Page> pages = new ArrayList<>();
        TimeRangePager pager = new TimeRangePager(t, 10, 60);
        pager.forEachPage(DAY, pages::add);

        long expectedFrom = DAY.from();
        int total = 0;
        for (TimeRangePager.Page p : pages) {
            assertThat(p.range().from()).isEqualTo(expectedFrom);
            assertThat(p.rows()).hasSizeLessThanOrEqualTo(10);
            expectedFrom = p.range().to();
            total += p.rows().size();
        }
        assertThat(expectedFrom).isEqualTo(DAY.to());
        assertThat(total).isEqualTo(t.rows.size());
        assertThat(pages.size()).isGreaterThan(24); // hours with 9 windows of 3 keys were split
        assertThat(t.queries).noneMatch(q -> q.contains("offset"));
    }

    @Test
    void aMinuteWithMoreThanAPageIsReadWholeFromACount() {
        MemoryTable t = new MemoryTable();
        for (int k = 0; k < 25; k++) {
            t.rows.add(speed(key("ad" + k, 5), c(1, 0, 0)));
        }
        List<TimeRangePager.Page> pages = new ArrayList<>();
        new TimeRangePager(t, 4, 1440).forEachPage(DAY, pages::add);

        assertThat(pages.stream().mapToInt(p -> p.rows().size()).sum()).isEqualTo(25);
        assertThat(pages).anySatisfy(p -> {
            assertThat(p.range().minutes()).isEqualTo(1);
            assertThat(p.rows()).hasSize(25);
        });
        assertThat(t.queries).contains("count " + new TimeRange(Rows.DAY + 5 * 60_000, Rows.DAY + 6 * 60_000));
    }

    @Test
    void aMinuteGrowingFasterThanItIsReadIsAnError() {
        MemoryTable t = new MemoryTable();
        for (int k = 0; k < 5; k++) {
            t.rows.add(speed(key("ad" + k, 0), c(1, 0, 0)));
        }
        t.growOnRead = 10;
        assertThatThrownBy(() -> new TimeRangePager(t, 2, 1).forEachPage(DAY, p -> { }))
                .hasMessageContaining("kept growing");
    }
}
