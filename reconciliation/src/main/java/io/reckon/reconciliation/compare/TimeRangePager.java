package io.reckon.reconciliation.compare;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a day of Pinot rows page by page, each page a window_start range with at most {@code pageSize} rows,
 * in ascending, gap-free order. Never LIMIT/OFFSET (an upsert table has no stable order to page through): a range
 * whose rows do not fit is split in halves until they do. A single minute is the smallest range; if one minute
 * alone holds more than a page, it is read whole, with a limit sized from a COUNT.
 */
public final class TimeRangePager {
    /** One page: the range it covers and every live row of that range. */
    public record Page(TimeRange range, List<PinotRow> rows) {
    }

    private final PinotPageSource source;
    private final int pageSize;
    private final long initialSpanMinutes;
    private long queries;

    public TimeRangePager(PinotPageSource source, int pageSize, long initialSpanMinutes) {
        if (pageSize < 1 || initialSpanMinutes < 1) {
            throw new IllegalArgumentException("page size and initial span must be positive");
        }
        this.source = source;
        this.pageSize = pageSize;
        this.initialSpanMinutes = initialSpanMinutes;
    }

    public void forEachPage(TimeRange whole, Consumer<Page> consumer) {
        Deque<TimeRange> todo = new ArrayDeque<>();
        for (long from = whole.from(); from < whole.to(); from += initialSpanMinutes * TimeRange.MINUTE) {
            todo.addLast(new TimeRange(from, Math.min(whole.to(), from + initialSpanMinutes * TimeRange.MINUTE)));
        }
        while (!todo.isEmpty()) {
            TimeRange range = todo.pollFirst();
            queries++;
            List<PinotRow> rows = source.rows(range, pageSize + 1);
            if (rows.size() <= pageSize) {
                consumer.accept(new Page(range, rows));
            } else if (range.minutes() > 1) {
                TimeRange[] halves = range.halves();
                todo.addFirst(halves[1]);
                todo.addFirst(halves[0]);
            } else {
                queries += 2;
                long count = source.count(range);
                long limit = count + pageSize + 1;
                if (limit > Integer.MAX_VALUE) {
                    throw new IllegalStateException("minute " + range + " holds " + count + " rows: too many to read");
                }
                List<PinotRow> all = source.rows(range, (int) limit);
                if (all.size() >= limit) {
                    throw new IllegalStateException("minute " + range + " kept growing while it was read ("
                            + count + " rows counted, " + all.size() + " read)");
                }
                consumer.accept(new Page(range, all));
            }
        }
    }

    /** Queries sent so far (for the report and the tests). */
    public long queries() {
        return queries;
    }
}
