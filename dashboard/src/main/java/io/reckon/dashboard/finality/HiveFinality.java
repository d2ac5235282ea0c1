package io.reckon.dashboard.finality;

import io.reckon.platform.hive.HiveCatalog;
import io.reckon.schemas.definitions.HiveTables;
import io.reckon.stack.location.HiveJdbcUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The FINAL days from HiveServer2: the newest {@code final_days} row of each day, and the drift of the run that
 * recorded it from {@code reconciliation_runs}. A connection per read, every call bounded.
 */
public final class HiveFinality implements FinalitySource {
    private final String url;
    private final String finals;
    private final String runs;

    public HiveFinality(String jdbcUrl, String database) {
        this.url = jdbcUrl;
        String db = HiveCatalog.identifier(database);
        this.finals = db + "." + HiveTables.FINAL_DAYS;
        this.runs = db + "." + HiveTables.RECONCILIATION_RUNS;
    }

    @Override
    public SortedMap<LocalDate, DayFinality> finalDays() {
        String newest = "SELECT dt, final_version, finalized_at, coalesce(forced, false), reconciliation_run_id FROM ("
                + "SELECT dt, final_version, finalized_at, forced, reconciliation_run_id, row_number() OVER "
                + "(PARTITION BY dt ORDER BY final_version DESC) AS rn FROM " + finals + ") f WHERE rn = 1";
        String drift = "SELECT r.run_id, d.c, d.v.differing_keys, d.v.impressions, d.v.clicks, d.v.spend_micros FROM "
                + runs + " r LATERAL VIEW explode(r.drift_by_currency) d AS c, v WHERE r.outcome = 'FINAL'";
        try (Connection c = DriverManager.getConnection(HiveJdbcUrl.bounded(url), "reckon", "");
             Statement st = c.createStatement()) {
            Map<String, SortedMap<String, DayFinality.Drift>> byRun = new HashMap<>();
            try (ResultSet rs = st.executeQuery(drift)) {
                while (rs.next()) {
                    byRun.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2),
                            new DayFinality.Drift(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                }
            }
            SortedMap<LocalDate, DayFinality> out = new TreeMap<>();
            try (ResultSet rs = st.executeQuery(newest)) {
                while (rs.next()) {
                    LocalDate day = LocalDate.parse(rs.getString(1));
                    out.put(day, new DayFinality(day, rs.getLong(2), rs.getLong(3), rs.getBoolean(4),
                            byRun.getOrDefault(rs.getString(5), new TreeMap<>())));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the FINAL days from HiveServer2 " + url + ": "
                    + e.getMessage(), e);
        }
    }
}
