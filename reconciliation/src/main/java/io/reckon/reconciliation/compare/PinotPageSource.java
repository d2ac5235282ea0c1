package io.reckon.reconciliation.compare;

import java.util.List;

/** Reads Pinot's live rows by window_start range. Implemented over pinot-java-client; in memory in unit tests. */
public interface PinotPageSource {
    /** At most {@code limit} live rows with window_start in the range (no ordering, no offset). */
    List<PinotRow> rows(TimeRange range, int limit);

    /** The number of live rows with window_start in the range. */
    long count(TimeRange range);
}
