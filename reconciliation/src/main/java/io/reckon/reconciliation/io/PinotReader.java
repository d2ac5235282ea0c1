package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.PinotRow;
import io.reckon.reconciliation.compare.TimeRange;
import io.reckon.schemas.aggregate.GrainKey;
import org.apache.pinot.client.Connection;
import org.apache.pinot.client.ConnectionFactory;
import org.apache.pinot.client.ExecutionStats;
import org.apache.pinot.client.JsonAsyncHttpPinotClientTransportFactory;
import org.apache.pinot.client.ResultSet;
import org.apache.pinot.client.ResultSetGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Pinot's live rows through pinot-java-client 0.11 (the broker's HTTP/1.1 JSON API). Rows, never sums: Pinot's
 * {@code SUM()} over LONG is a double. Every query has an explicit LIMIT (without one Pinot returns 10 rows), and
 * a response that not every server answered is an error, never a short page.
 */
public final class PinotReader implements ReconcileStores.Pinot {
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final String COLUMNS =
            "advertiser_id, campaign_id, ad_id, currency, window_start, impressions, clicks, spend_micros, version";

    private final Connection connection;
    private final String table;

    public PinotReader(String brokerHostPort, String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("'" + table + "' is not a plain Pinot table name");
        }
        // Its own transport: fromHostList(String...) shares one static transport per JVM, which close() would shut
        // for every later connection.
        this.connection = ConnectionFactory.fromHostList(new Properties(), List.of(brokerHostPort),
                new JsonAsyncHttpPinotClientTransportFactory().buildTransport());
        this.table = table;
    }

    @Override
    public List<PinotRow> rows(TimeRange range, int limit) {
        ResultSet rs = query("SELECT " + COLUMNS + " FROM " + table + where(range) + " LIMIT " + limit);
        List<PinotRow> rows = new ArrayList<>(rs.getRowCount());
        for (int i = 0; i < rs.getRowCount(); i++) {
            GrainKey key = new GrainKey(rs.getString(i, 0), rs.getString(i, 1), rs.getString(i, 2),
                    rs.getString(i, 3), rs.getLong(i, 4));
            rows.add(new PinotRow(key, new Counts(rs.getLong(i, 5), rs.getLong(i, 6), rs.getLong(i, 7)),
                    rs.getLong(i, 8)));
        }
        return rows;
    }

    @Override
    public long count(TimeRange range) {
        return rs("SELECT COUNT(*) FROM " + table + where(range));
    }

    /** Live rows of the range carrying exactly this version (a run's corrections once they are visible). */
    public long countAtVersion(TimeRange range, long version) {
        return rs("SELECT COUNT(*) FROM " + table + where(range) + " AND version = " + version);
    }

    private long rs(String sql) {
        ResultSet rs = query(sql);
        if (rs.getRowCount() != 1) {
            throw new IllegalStateException("Pinot answered " + rs.getRowCount() + " rows to: " + sql);
        }
        return rs.getLong(0, 0);
    }

    private static String where(TimeRange range) {
        return " WHERE window_start >= " + range.from() + " AND window_start < " + range.to();
    }

    private ResultSet query(String sql) {
        ResultSetGroup group;
        try {
            group = connection.execute(sql);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Pinot query failed (" + e.getMessage() + "): " + sql, e);
        }
        if (!group.getExceptions().isEmpty()) {
            throw new IllegalStateException("Pinot query failed: " + group.getExceptions() + ": " + sql);
        }
        ExecutionStats stats = group.getExecutionStats();
        if (stats != null && stats.getNumServersResponded() < stats.getNumServersQueried()) {
            throw new IllegalStateException("only " + stats.getNumServersResponded() + " of "
                    + stats.getNumServersQueried() + " Pinot servers answered: the result would be partial: " + sql);
        }
        if (group.getResultSetCount() == 0) {
            throw new IllegalStateException("Pinot returned no result set (does table " + table + " exist?): " + sql);
        }
        return group.getResultSet(0);
    }

    @Override
    public void close() {
        connection.close();
    }
}
