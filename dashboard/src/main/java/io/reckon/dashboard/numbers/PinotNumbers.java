package io.reckon.dashboard.numbers;

import io.reckon.dashboard.query.Bucket;
import io.reckon.dashboard.query.Identifiers;
import io.reckon.dashboard.query.Scope;
import io.reckon.dashboard.query.TimeWindow;
import io.reckon.platform.pinot.PinotBroker;
import io.reckon.platform.pinot.PinotQueryException;
import io.reckon.platform.pinot.PinotResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The dashboard's numbers from Pinot's broker. Every sum is {@code SUMPRECISION}: Pinot 0.11 sums a LONG column with
 * {@code SUM()} in a double, exact only below 2^53, while {@code SUMPRECISION} sums in BigDecimal and answers the
 * integer as text, which {@link PinotResult#exactLong} reads exactly. Rankings are made here, on those exact sums.
 * Every id in a query has been checked by {@link Identifiers}; the rest of each query is numbers.
 */
public final class PinotNumbers implements DashboardNumbers {
    /** Groups a top-N reads at most; an answer that fills it is refused (it might be cut). */
    static final int TOP_GROUPS = 100_000;
    private static final String SUMS = "SUMPRECISION(impressions), SUMPRECISION(clicks), SUMPRECISION(spend_micros)";

    private final PinotBroker broker;
    private final String table;

    public PinotNumbers(PinotBroker broker, String table) {
        this.broker = broker;
        this.table = PinotBroker.table(table);
    }

    @Override
    public SortedMap<String, Amounts> totals(Scope scope, RowSelection rows) {
        SortedMap<String, Amounts> out = new TreeMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        String sql = "SELECT currency, " + SUMS + " FROM " + table + " WHERE " + where(scope.predicates(), rows)
                + " GROUP BY currency LIMIT 10000";
        PinotResult r = whole(sql, 10_000);
        for (int i = 0; i < r.rowCount(); i++) {
            out.put(r.string(i, 0), amounts(r, i, 1));
        }
        return out;
    }

    @Override
    public SortedMap<String, SortedMap<Instant, Amounts>> series(Scope scope, Bucket bucket, RowSelection rows) {
        SortedMap<String, SortedMap<Instant, Amounts>> out = new TreeMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        String start = "DATETRUNC('" + bucket.pinotUnit() + "', window_start, 'MILLISECONDS')";
        int limit = (int) Math.min(1_000_000, (bucket.maxRange().toMinutes() / bucket.width().toMinutes() + 1) * 64);
        String sql = "SELECT currency, " + start + ", " + SUMS + " FROM " + table + " WHERE "
                + where(scope.predicates(), rows) + " GROUP BY currency, " + start + " LIMIT " + limit;
        PinotResult r = whole(sql, limit);
        for (int i = 0; i < r.rowCount(); i++) {
            out.computeIfAbsent(r.string(i, 0), c -> new TreeMap<>())
                    .merge(Instant.ofEpochMilli(r.exactLong(i, 1)), amounts(r, i, 2), Amounts::plus);
        }
        return out;
    }

    @Override
    public SortedMap<String, List<Ranked>> top(Optional<Set<String>> advertisers, Level level, int n, RowSelection rows) {
        SortedMap<String, List<Ranked>> out = new TreeMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        String keys = level == Level.AD ? "advertiser_id, campaign_id, ad_id" : "advertiser_id, campaign_id";
        String sql = "SELECT currency, " + keys + ", " + SUMS + " FROM " + table + " WHERE "
                + where(advertiserPredicate(advertisers), rows) + " GROUP BY currency, " + keys
                + " LIMIT " + TOP_GROUPS;
        PinotResult r = whole(sql, TOP_GROUPS);
        int first = level == Level.AD ? 4 : 3;
        SortedMap<String, List<Ranked>> all = new TreeMap<>();
        for (int i = 0; i < r.rowCount(); i++) {
            Amounts a = amounts(r, i, first);
            if (a.isZero()) {
                continue;  // an all-zero row means absent
            }
            all.computeIfAbsent(r.string(i, 0), c -> new ArrayList<>()).add(new Ranked(r.string(i, 1), r.string(i, 2),
                    level == Level.AD ? Optional.of(r.string(i, 3)) : Optional.empty(), a));
        }
        Comparator<Ranked> bySpend = Comparator.comparingLong((Ranked x) -> x.amounts().spendMicros()).reversed()
                .thenComparing(Ranked::advertiser).thenComparing(Ranked::campaign)
                .thenComparing(x -> x.ad().orElse(""));
        all.forEach((currency, list) -> out.put(currency, list.stream().sorted(bySpend).limit(n).toList()));
        return out;
    }

    @Override
    public Optional<Freshness> freshness(Optional<Set<String>> advertisers, TimeWindow window) {
        List<String> p = new ArrayList<>(advertiserPredicate(advertisers));
        p.add("window_start >= " + window.from().toEpochMilli());
        p.add("window_start < " + window.to().toEpochMilli());
        String where = String.join(" AND ", p);
        // Selections, not MAX(): Pinot answers MAX() as a double; a selected LONG comes back as an integer.
        PinotResult newestWindow = whole("SELECT window_start FROM " + table + " WHERE " + where
                + " ORDER BY window_start DESC LIMIT 1", 2);
        if (newestWindow.rowCount() == 0) {
            return Optional.empty();
        }
        PinotResult newestWrite = whole("SELECT updated_at FROM " + table + " WHERE " + where
                + " ORDER BY updated_at DESC LIMIT 1", 2);
        return Optional.of(new Freshness(newestWindow.exactLong(0, 0), newestWrite.exactLong(0, 0)));
    }

    @Override
    public SortedSet<String> advertisers(TimeWindow window) {
        String sql = "SELECT advertiser_id, COUNT(*) FROM " + table + " WHERE window_start >= "
                + window.from().toEpochMilli() + " AND window_start < " + window.to().toEpochMilli()
                + " GROUP BY advertiser_id LIMIT 10000";
        PinotResult r = whole(sql, 10_000);
        SortedSet<String> out = new TreeSet<>();
        for (int i = 0; i < r.rowCount(); i++) {
            out.add(r.string(i, 0));
        }
        return out;
    }

    private static List<String> advertiserPredicate(Optional<Set<String>> advertisers) {
        if (advertisers.isEmpty()) {
            return List.of();
        }
        if (advertisers.get().isEmpty()) {
            return List.of("1 = 0");
        }
        return List.of("advertiser_id IN (" + advertisers.get().stream().sorted().map(Identifiers::literal)
                .collect(Collectors.joining(", ")) + ")");
    }

    private static String where(List<String> predicates, RowSelection rows) {
        List<String> all = new ArrayList<>(predicates);
        all.add(rows.pinotPredicate());
        return String.join(" AND ", all);
    }

    /** The answer, refused if it fills {@code limit}: then it may be cut, and a number from it could be short. */
    private PinotResult whole(String sql, int limit) {
        PinotResult r = broker.query(sql);
        if (r.rowCount() >= limit) {
            throw new PinotQueryException("Pinot answered " + r.rowCount() + " rows, the query's limit, so the"
                    + " answer may be cut: " + sql);
        }
        return r;
    }

    private static Amounts amounts(PinotResult r, int row, int first) {
        return new Amounts(r.exactLong(row, first), r.exactLong(row, first + 1), r.exactLong(row, first + 2));
    }
}
