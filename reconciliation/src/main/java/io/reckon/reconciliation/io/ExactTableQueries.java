package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.ExactSummary;
import io.reckon.reconciliation.compare.TimeRange;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The SQL that reads the exact table ({@code ad_stats_minute_exact}) for a run, and the reading of its summary. */
final class ExactTableQueries {
    private ExactTableQueries() {
    }

    /** The day's rows with window starts in {@code range}, ascending by window_start. */
    static String rows(String table, LocalDate day, TimeRange range) {
        return "SELECT advertiser_id, campaign_id, ad_id, currency, window_start, impressions, clicks, spend_micros,"
                + " batch_run_id FROM " + table + " WHERE dt = " + SqlLiterals.string(day.toString())
                + bounds(day, range) + " ORDER BY window_start";
    }

    /**
     * The range's bounds, open where the range starts or ends the day, and the first range also takes a NULL
     * window_start: a row of the partition outside its day, or without a window, then still reaches the reader, which
     * refuses it, instead of being left out unseen.
     */
    static String bounds(LocalDate day, TimeRange range) {
        TimeRange whole = TimeRange.ofDay(day);
        boolean first = range.from() == whole.from();
        boolean last = range.to() == whole.to();
        if (first && last) {
            return "";
        }
        if (first) {
            return " AND (window_start < " + range.to() + " OR window_start IS NULL)";
        }
        return " AND window_start >= " + range.from() + (last ? "" : " AND window_start < " + range.to());
    }

    /**
     * The whole partition summarised per batch run and currency: rows, keys counted as
     * {@link io.reckon.reconciliation.compare.Totals} counts them (a key whose numbers are all zero is no key), and
     * the sums in DECIMAL, answered as text so they are read exactly.
     */
    static String summary(String table, LocalDate day) {
        String nonZero = "CASE WHEN impressions = 0 AND clicks = 0 AND spend_micros = 0 THEN 0 ELSE 1 END";
        return "SELECT batch_run_id, currency, COUNT(*), SUM(" + nonZero + "),"
                + " CAST(SUM(CAST(impressions AS DECIMAL(38,0))) AS STRING),"
                + " CAST(SUM(CAST(clicks AS DECIMAL(38,0))) AS STRING),"
                + " CAST(SUM(CAST(spend_micros AS DECIMAL(38,0))) AS STRING) FROM " + table
                + " WHERE dt = " + SqlLiterals.string(day.toString()) + " GROUP BY batch_run_id, currency";
    }

    /** The answer to {@link #summary}; a row without a batch run or a currency is refused. */
    static ExactSummary readSummary(ResultSet rs, LocalDate day) throws SQLException {
        SortedSet<String> ids = new TreeSet<>();
        SortedMap<String, ExactSummary.Sums> byCurrency = new TreeMap<>();
        long rows = 0;
        while (rs.next()) {
            String id = rs.getString(1);
            String currency = rs.getString(2);
            if (id == null || currency == null) {
                throw new IllegalStateException("an exact row of " + day + " has no " + (id == null ? "batch_run_id"
                        : "currency"));
            }
            ids.add(id);
            rows = Math.addExact(rows, rs.getLong(3));
            byCurrency.merge(currency, new ExactSummary.Sums(rs.getLong(4), Long.parseLong(rs.getString(5)),
                    Long.parseLong(rs.getString(6)), Long.parseLong(rs.getString(7))), ExactSummary.Sums::plus);
        }
        return new ExactSummary(ids, rows, byCurrency);
    }
}
