package io.reckon.dashboard.numbers;

import io.reckon.dashboard.query.Bucket;
import io.reckon.dashboard.query.Identifiers;
import io.reckon.dashboard.query.RowFilter;
import io.reckon.dashboard.query.TimeWindow;
import io.reckon.platform.pinot.PinotBroker;
import io.reckon.platform.pinot.PinotQueryException;
import io.reckon.platform.pinot.PinotResult;
import io.reckon.schemas.version.Versions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dashboard's sums from Pinot's broker, one query per call. Every sum is {@code SUMPRECISION}: Pinot 0.11 sums a
 * LONG column with {@code SUM()} in a double, exact only below 2^53, while {@code SUMPRECISION} adds in BigDecimal and
 * answers the integer as text, which {@link PinotResult#exactLong} reads exactly (or refuses). Rows are grouped by their
 * version class as well ({@link FinalView#versionClass}), a LONG Pinot answers exactly. Every id in a query has been
 * checked by {@link Identifiers}; the rest of each query is numbers.
 */
public final class PinotNumbers implements DashboardNumbers {
    /** Groups one query reads at most by default (Pinot's default group limit); an answer that fills it is refused. */
    public static final int MAX_GROUPS = 100_000;
    private static final String SUMS = "SUMPRECISION(impressions), SUMPRECISION(clicks), SUMPRECISION(spend_micros)";
    private static final String VERSION_CLASS = "CASE WHEN version < " + Versions.BATCH_BASE + " THEN 0 ELSE version END";

    private final PinotBroker broker;
    private final String table;
    private final int maxGroups;

    public PinotNumbers(PinotBroker broker, String table) {
        this(broker, table, MAX_GROUPS);
    }

    /** {@code maxGroups}: the groups one query may read, at most the servers' {@code numGroupsLimit}. */
    public PinotNumbers(PinotBroker broker, String table, int maxGroups) {
        if (maxGroups < 1) {
            throw new IllegalArgumentException("maxGroups must be positive: " + maxGroups);
        }
        this.broker = broker;
        this.table = PinotBroker.table(table);
        this.maxGroups = maxGroups;
    }

    @Override
    public List<Sums> sums(RowFilter filter, TimeWindow window, Bucket bucket, VersionSplit split) {
        String start = "DATETRUNC('" + bucket.pinotUnit() + "', window_start, 'MILLISECONDS')";
        String v = split(split);
        String sql = "SELECT currency, " + start + ", " + v + ", " + SUMS + " FROM " + table + " WHERE "
                + where(filter, window) + " GROUP BY currency, " + start + ", " + v + " LIMIT " + maxGroups;
        Optional<PinotResult> answer = grouped(sql, split);
        if (answer.isEmpty()) {
            return sums(filter, window, bucket, VersionSplit.CLASS);  // late events' versions filled it: by class
        }
        PinotResult r = answer.get();
        List<Sums> out = new ArrayList<>(r.rowCount());
        for (int i = 0; i < r.rowCount(); i++) {
            out.add(new Sums(r.string(i, 0), Instant.ofEpochMilli(r.exactLong(i, 1)),
                    FinalView.versionClass(r.exactLong(i, 2)), amounts(r, i, 3)));
        }
        return out;
    }

    @Override
    public List<KeyedSums> byKey(RowFilter filter, TimeWindow window, Level level, VersionSplit split) {
        String keys = level == Level.AD ? "advertiser_id, campaign_id, ad_id" : "advertiser_id, campaign_id";
        String v = split(split);
        String sql = "SELECT currency, " + keys + ", " + v + ", " + SUMS + " FROM " + table + " WHERE "
                + where(filter, window) + " GROUP BY currency, " + keys + ", " + v + " LIMIT " + maxGroups;
        Optional<PinotResult> answer = grouped(sql, split);
        if (answer.isEmpty()) {
            return byKey(filter, window, level, VersionSplit.CLASS);
        }
        PinotResult r = answer.get();
        int vc = level == Level.AD ? 4 : 3;
        List<KeyedSums> out = new ArrayList<>(r.rowCount());
        for (int i = 0; i < r.rowCount(); i++) {
            out.add(new KeyedSums(r.string(i, 0), r.string(i, 1), r.string(i, 2),
                    level == Level.AD ? Optional.of(r.string(i, 3)) : Optional.empty(),
                    FinalView.versionClass(r.exactLong(i, vc)),
                    amounts(r, i, vc + 1)));
        }
        return out;
    }

    @Override
    public SortedMap<LocalDate, Freshness> freshness(RowFilter filter, TimeWindow window) {
        // MAX() is a DOUBLE in Pinot 0.11: exact for epoch milliseconds (below 2^53), and read so or refused.
        String day = "DATETRUNC('DAY', window_start, 'MILLISECONDS')";
        PinotResult r = whole("SELECT " + day + ", MAX(window_start), MAX(updated_at) FROM " + table + " WHERE "
                + where(filter, window) + " GROUP BY " + day + " LIMIT " + maxGroups);
        SortedMap<LocalDate, Freshness> out = new TreeMap<>();
        for (int i = 0; i < r.rowCount(); i++) {
            out.put(LocalDate.ofInstant(Instant.ofEpochMilli(r.exactLong(i, 0)), ZoneOffset.UTC),
                    new Freshness(r.smallIntegralDouble(i, 1), r.smallIntegralDouble(i, 2)));
        }
        return out;
    }

    @Override
    public SortedSet<String> advertisers(TimeWindow window) {
        PinotResult r = whole("SELECT advertiser_id, COUNT(*) FROM " + table + " WHERE "
                + where(RowFilter.advertisers(Optional.empty()), window) + " GROUP BY advertiser_id LIMIT " + maxGroups);
        SortedSet<String> out = new TreeSet<>();
        for (int i = 0; i < r.rowCount(); i++) {
            out.add(r.string(i, 0));
        }
        return out;
    }

    private static String split(VersionSplit split) {
        return split == VersionSplit.VERSION ? "version" : VERSION_CLASS;
    }

    private static String where(RowFilter filter, TimeWindow window) {
        List<String> all = new ArrayList<>(filter.predicates());
        all.add("window_start >= " + window.from().toEpochMilli());
        all.add("window_start < " + window.to().toEpochMilli());
        return String.join(" AND ", all);
    }

    /** The whole answer; empty if split by version it had too many groups (then to be asked by class). */
    private Optional<PinotResult> grouped(String sql, VersionSplit split) {
        try {
            PinotResult r = broker.query(sql);
            if (split == VersionSplit.VERSION && r.rowCount() >= maxGroups) {
                return Optional.empty();
            }
            return Optional.of(whole(sql, r));
        } catch (PinotQueryException e) {
            if (split == VersionSplit.VERSION && e.isGroupLimit()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The answer, refused if it fills the limit: then it may be cut, and a number from it could be short. */
    private PinotResult whole(String sql) {
        return whole(sql, broker.query(sql));
    }

    private PinotResult whole(String sql, PinotResult r) {
        if (r.rowCount() >= maxGroups) {
            throw new PinotQueryException("Pinot answered " + r.rowCount() + " rows, the query's limit, so the"
                    + " answer may be cut: " + sql);
        }
        return r;
    }

    private static Amounts amounts(PinotResult r, int row, int first) {
        return new Amounts(r.exactLong(row, first), r.exactLong(row, first + 1), r.exactLong(row, first + 2));
    }
}
