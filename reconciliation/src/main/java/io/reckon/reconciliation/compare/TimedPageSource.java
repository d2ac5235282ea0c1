package io.reckon.reconciliation.compare;

import java.util.List;

/** A {@link PinotPageSource} that adds the time spent in Pinot's queries to a counter (phase timings). */
public final class TimedPageSource implements PinotPageSource {
    private final PinotPageSource source;
    private long nanos;

    public TimedPageSource(PinotPageSource source) {
        this.source = source;
    }

    @Override
    public List<PinotRow> rows(TimeRange range, int limit) {
        long t = System.nanoTime();
        try {
            return source.rows(range, limit);
        } finally {
            nanos += System.nanoTime() - t;
        }
    }

    @Override
    public long count(TimeRange range) {
        long t = System.nanoTime();
        try {
            return source.count(range);
        } finally {
            nanos += System.nanoTime() - t;
        }
    }

    public long nanos() {
        return nanos;
    }
}
