package io.reckon.reconciliation.compare;

import io.reckon.schemas.aggregate.GrainKey;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The full outer comparison of a day, one Pinot page at a time: the exact rows arrive sorted by window_start from
 * one cursor, and for each Pinot page only the exact rows of the same range are held, so memory stays bounded by a
 * page however many keys the day has.
 */
public final class DayComparison {
    private DayComparison() {
    }

    /**
     * @param exactByWindowStart the day's exact rows in ascending window_start order
     * @return the number of pages read
     */
    public static long compare(TimeRange day, TimeRangePager pinot, Iterator<ExactRow> exactByWindowStart,
                               Consumer<KeyOutcome> outcomes) {
        PeekingIterator exact = new PeekingIterator(exactByWindowStart);
        long[] pages = {0};
        long[] lastEnd = {day.from()};
        pinot.forEachPage(day, page -> {
            TimeRange range = page.range();
            if (range.from() != lastEnd[0]) {
                throw new IllegalStateException("pages are not contiguous: expected " + lastEnd[0] + ", got " + range);
            }
            lastEnd[0] = range.to();
            pages[0]++;
            Map<GrainKey, Counts> exactRows = new HashMap<>();
            while (exact.hasNext() && exact.peek().key().windowStart() < range.to()) {
                ExactRow row = exact.next();
                if (!range.contains(row.key().windowStart())) {
                    throw new IllegalStateException("exact row " + row.key() + " is outside the day " + day
                            + " or out of window_start order");
                }
                if (exactRows.put(row.key(), row.counts()) != null) {
                    throw new IllegalStateException("the exact result has two rows for " + row.key());
                }
            }
            Map<GrainKey, PinotRow> pinotRows = new HashMap<>();
            for (PinotRow row : page.rows()) {
                if (!range.contains(row.key().windowStart())) {
                    throw new IllegalStateException("Pinot returned " + row.key() + " for range " + range);
                }
                if (pinotRows.put(row.key(), row) != null) {
                    throw new IllegalStateException("Pinot returned two live rows for " + row.key()
                            + " (is the topic keyed by the canonical key?)");
                }
            }
            RangeComparator.compare(exactRows, pinotRows).forEach(outcomes);
        });
        if (lastEnd[0] != day.to()) {
            throw new IllegalStateException("pages ended at " + lastEnd[0] + ", before the end of the day " + day);
        }
        if (exact.hasNext()) {
            throw new IllegalStateException("exact row " + exact.peek().key() + " is outside the day " + day
                    + " or out of window_start order");
        }
        return pages[0];
    }

    private static final class PeekingIterator {
        private final Iterator<ExactRow> it;
        private ExactRow next;

        PeekingIterator(Iterator<ExactRow> it) {
            this.it = it;
        }

        boolean hasNext() {
            return next != null || it.hasNext();
        }

        ExactRow peek() {
            if (next == null) {
                next = it.next();
            }
            return next;
        }

        ExactRow next() {
            ExactRow row = peek();
            next = null;
            return row;
        }
    }
}
