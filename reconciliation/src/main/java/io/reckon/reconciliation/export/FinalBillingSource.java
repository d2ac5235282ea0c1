package io.reckon.reconciliation.export;

import io.reckon.reconciliation.io.FinalRecord;
import io.reckon.reconciliation.io.SqlLiterals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads, through HiveServer2, a day's current FINAL record and its billing rows. */
public final class FinalBillingSource implements AutoCloseable {
    private final Connection connection;
    private final String url;
    private final String finalTable;
    private final String billingTable;

    public FinalBillingSource(String jdbcUrl, String finalTable, String billingTable) {
        this.url = jdbcUrl;
        this.finalTable = finalTable;
        this.billingTable = billingTable;
        try {
            this.connection = DriverManager.getConnection(jdbcUrl, "reckon", "");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach HiveServer2 at " + jdbcUrl + ": " + e.getMessage(), e);
        }
        // The Spark Thrift server caches file listings; batch and reconciliation write behind its back.
        for (String table : List.of(finalTable, billingTable)) {
            try (Statement st = connection.createStatement()) {
                st.execute("REFRESH TABLE " + table);
            } catch (SQLException e) {
                System.err.println("export: REFRESH TABLE " + table + " not applied: " + e.getMessage());
            }
        }
    }

    /** The day's final_days row with the highest version, if the day is FINAL. */
    public Optional<FinalRecord> currentFinal(LocalDate day) {
        String dt = SqlLiterals.string(day.toString());
        String sql = "SELECT final_version, run_sequence, reconciliation_run_id, batch_run_id, previous_final_version,"
                + " keys_changed, exact_keys, total_impressions, total_clicks, finalized_at FROM " + finalTable
                + " WHERE dt = " + dt + " ORDER BY final_version DESC LIMIT 1";
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long version = rs.getLong(1);
            long sequence = rs.getLong(2);
            String runId = rs.getString(3);
            String batchRunId = rs.getString(4);
            long previous = rs.getLong(5);
            Long previousVersion = rs.wasNull() ? null : previous;
            long keysChanged = rs.getLong(6);
            long exactKeys = rs.getLong(7);
            long impressions = rs.getLong(8);
            long clicks = rs.getLong(9);
            long finalizedAt = rs.getLong(10);
            String where = " WHERE f.dt = " + dt + " AND f.final_version = " + version;
            SortedMap<String, Long> spend = new TreeMap<>();
            for (String[] kv : pairs("SELECT e.k, e.v FROM " + finalTable
                    + " f LATERAL VIEW explode(f.spend_micros_by_currency) e AS k, v" + where)) {
                spend.put(kv[0], Long.parseLong(kv[1]));
            }
            SortedMap<Integer, Long> offsets = new TreeMap<>();
            for (String[] kv : pairs("SELECT e.k, e.v FROM " + finalTable
                    + " f LATERAL VIEW explode(f.max_offset_by_partition) e AS k, v" + where)) {
                offsets.put(Integer.parseInt(kv[0]), Long.parseLong(kv[1]));
            }
            return Optional.of(new FinalRecord(day.toString(), version, sequence, runId, batchRunId, offsets,
                    previousVersion, keysChanged, exactKeys, impressions, clicks, spend, finalizedAt));
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Every billing row of the day. */
    public List<BillingRow> billingRows(LocalDate day) {
        String sql = "SELECT advertiser_id, campaign_id, currency, impressions, clicks, spend_micros, batch_run_id FROM "
                + billingTable + " WHERE dt = " + SqlLiterals.string(day.toString());
        List<BillingRow> rows = new ArrayList<>();
        try (Statement st = connection.createStatement()) {
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(new BillingRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
        return rows;
    }

    private List<String[]> pairs(String sql) {
        List<String[]> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
        return out;
    }

    private IllegalStateException failure(String sql, SQLException e) {
        return new IllegalStateException("HiveServer2 (" + url + ") failed: " + e.getMessage() + " -- " + sql, e);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a session that is gone changes nothing for the export
        }
    }
}
