package io.reckon.dashboard.numbers;

import io.reckon.dashboard.query.Bucket;
import io.reckon.dashboard.query.Scope;
import io.reckon.dashboard.query.TimeWindow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The numbers the dashboard shows, always per currency (currencies are never added together) and exact. Pinot's in
 * production ({@link PinotNumbers}); a small in-memory one in tests.
 */
public interface DashboardNumbers {
    /** What to rank in a top-N. */
    enum Level { CAMPAIGN, AD }

    /** One entry of a top-N: the advertiser, the campaign, the ad (for {@link Level#AD}) and its amounts. */
    record Ranked(String advertiser, String campaign, Optional<String> ad, Amounts amounts) {
    }

    /** How fresh a day's rows are: the newest window start and the newest write Pinot holds. */
    record Freshness(long newestWindowStart, long newestUpdatedAt) {
    }

    /** Sums of the selected rows of the scope, per currency. */
    SortedMap<String, Amounts> totals(Scope scope, RowSelection rows);

    /** Sums of the selected rows of the scope per bucket start, per currency. */
    SortedMap<String, SortedMap<Instant, Amounts>> series(Scope scope, Bucket bucket, RowSelection rows);

    /**
     * Per currency, the {@code n} campaigns or ads of the advertisers (all, if empty) with the most spend among the
     * selected rows, most first.
     */
    SortedMap<String, List<Ranked>> top(Optional<Set<String>> advertisers, Level level, int n, RowSelection rows);

    /** The freshness of the advertisers' rows (all, if empty) with window starts in {@code window}. */
    Optional<Freshness> freshness(Optional<Set<String>> advertisers, TimeWindow window);

    /** The advertisers with rows in {@code window}. */
    SortedSet<String> advertisers(TimeWindow window);
}
