package io.reckon.dashboard.numbers;

import io.reckon.dashboard.query.Bucket;
import io.reckon.dashboard.query.RowFilter;
import io.reckon.dashboard.query.TimeWindow;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The sums the dashboard shows, always per currency (currencies are never added together) and exact, each split by
 * the rows' version class (0 for speed rows, else the batch version: see {@link FinalView}), so that one query tells
 * both what a FINAL day counts and what arrived after. Pinot's in production ({@link PinotNumbers}); an in-memory one
 * in tests.
 */
public interface DashboardNumbers {
    /** What to rank in a top-N. */
    enum Level { CAMPAIGN, AD }

    /**
     * How rows are split by version: by version class (0 for every speed row), or by the version itself, cheaper for
     * Pinot where every day is FINAL (a few batch versions, and only late events' speed rows) and fatal on a
     * provisional day (a version per speed row). Either way {@link FinalView#versionClass} of the answer is the class.
     */
    enum VersionSplit { CLASS, VERSION }

    /** The sums of one currency, bucket (UTC start) and version class. */
    record Sums(String currency, Instant bucket, long versionClass, Amounts amounts) {
    }

    /** The sums of one currency, campaign (or ad) and version class. */
    record KeyedSums(String currency, String advertiser, String campaign, Optional<String> ad, long versionClass,
                     Amounts amounts) {
    }

    /** How fresh rows are: the newest window start and the newest write Pinot holds. */
    record Freshness(long newestWindowStart, long newestUpdatedAt) {
    }

    /** The filter's rows with window starts in {@code window}, summed per currency, bucket and version (class). */
    List<Sums> sums(RowFilter filter, TimeWindow window, Bucket bucket, VersionSplit split);

    /** The filter's rows of {@code window} summed per currency, campaign (or ad) and version (class). */
    List<KeyedSums> byKey(RowFilter filter, TimeWindow window, Level level, VersionSplit split);

    /** Per UTC day of {@code window} with rows, how fresh the filter's rows are. */
    SortedMap<LocalDate, Freshness> freshness(RowFilter filter, TimeWindow window);

    /** The advertisers with rows in {@code window}. */
    SortedSet<String> advertisers(TimeWindow window);
}
