package io.reckon.reconciliation.io;

import io.reckon.platform.pinot.PinotBroker;
import io.reckon.platform.pinot.PinotResult;
import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.PinotRow;
import io.reckon.reconciliation.compare.TimeRange;
import io.reckon.schemas.aggregate.GrainKey;

import java.util.ArrayList;
import java.util.List;

/**
 * Pinot's live rows, read through the platform's {@link PinotBroker} (whole answers only, integers exact). Rows,
 * never sums: Pinot's {@code SUM()} over LONG is a double. Every query has an explicit LIMIT (without one Pinot
 * returns 10 rows).
 */
public final class PinotReader implements ReconcileStores.Pinot {
    private static final String COLUMNS =
            "advertiser_id, campaign_id, ad_id, currency, window_start, impressions, clicks, spend_micros, version";

    private final PinotBroker broker;
    private final String table;

    public PinotReader(String brokerHostPort, String table) {
        this.table = PinotBroker.table(table);
        this.broker = new PinotBroker(brokerHostPort);
    }

    @Override
    public List<PinotRow> rows(TimeRange range, int limit) {
        PinotResult rs = broker.query("SELECT " + COLUMNS + " FROM " + table + where(range) + " LIMIT " + limit);
        List<PinotRow> rows = new ArrayList<>(rs.rowCount());
        for (int i = 0; i < rs.rowCount(); i++) {
            GrainKey key = new GrainKey(rs.string(i, 0), rs.string(i, 1), rs.string(i, 2), rs.string(i, 3),
                    rs.exactLong(i, 4));
            rows.add(new PinotRow(key, new Counts(rs.exactLong(i, 5), rs.exactLong(i, 6), rs.exactLong(i, 7)),
                    rs.exactLong(i, 8)));
        }
        return rows;
    }

    @Override
    public long count(TimeRange range) {
        return broker.queryLong("SELECT COUNT(*) FROM " + table + where(range));
    }

    /** Live rows of the range carrying exactly this version (a run's corrections once they are visible). */
    public long countAtVersion(TimeRange range, long version) {
        return broker.queryLong("SELECT COUNT(*) FROM " + table + where(range) + " AND version = " + version);
    }

    private static String where(TimeRange range) {
        return " WHERE window_start >= " + range.from() + " AND window_start < " + range.to();
    }

    @Override
    public void close() {
        // nothing held: each query is one bounded HTTP exchange
    }
}
