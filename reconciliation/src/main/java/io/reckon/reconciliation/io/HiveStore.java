package io.reckon.reconciliation.io;

import io.reckon.platform.hive.HiveCatalog;
import io.reckon.reconciliation.compare.ExactSummary;
import io.reckon.reconciliation.compare.TimeRange;
import io.reckon.reconciliation.compare.TruthCheck;
import io.reckon.reconciliation.export.BillingRow;
import io.reckon.reconciliation.reopen.TouchedDays;
import io.reckon.schemas.archive.ArchiveLayout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reconciliation's Hive side, through HiveServer2 with hive-jdbc: the exact rows of a day, the batch runs'
 * lineage, and the reconciliation_runs and final_days tables. Statements are plain SQL the Spark Thrift server and
 * a real HiveServer2 both accept (REFRESH TABLE is Spark's; on a server without it the refresh is skipped).
 */
public final class HiveStore implements ReconcileStores.Truth {
    /** The current FINAL state of a day: its final_days row with the highest version. */
    public record FinalState(long finalVersion, long runSequence, String reconciliationRunId, String batchRunId,
                             long finalizedAt) {
    }

    /** The batch runs named by a day's exact rows, and the highest offset they read per partition. */
    public record Lineage(String batchRunId, SortedMap<Integer, Long> maxOffsetByPartition) {
    }

    private final Connection connection;
    private final HiveTableNames tables;
    private final String url;
    private boolean incrementalCollect;

    public HiveStore(String jdbcUrl, HiveTableNames tables) {
        this.url = jdbcUrl;
        this.tables = tables;
        try {
            // Every call bounded: a HiveServer2 that stops answering fails the run instead of holding it.
            this.connection = DriverManager.getConnection(io.reckon.stack.location.HiveJdbcUrl.bounded(jdbcUrl),
                    "reckon", "");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach HiveServer2 at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    public HiveTableNames tables() {
        return tables;
    }

    /**
     * Drops the Spark Thrift server's cached file listing of a table (a batch run replaces files behind its back).
     * Best effort: a server without REFRESH TABLE does not cache listings that way.
     */
    public void refresh(String table) {
        try (Statement st = connection.createStatement()) {
            st.execute("REFRESH TABLE " + table);
        } catch (SQLException e) {
            System.err.println("reconcile: REFRESH TABLE " + table + " not applied: " + e.getMessage());
        }
    }

    /**
     * The exact rows of the day with window starts in {@code range}, ascending by window_start, streamed from the
     * server. Close it.
     *
     * <p>The Spark Thrift server collects a whole result in its driver before the first fetch unless
     * {@code spark.sql.thriftServer.incrementalCollect} is on (then it holds one partition at a time): a day of a
     * million keys is hundreds of MB in the server's heap. So this session turns it on first (best effort: a real
     * HiveServer2 streams anyway).
     */
    public ExactCursor exactRows(LocalDate day, TimeRange range) {
        if (!incrementalCollect) {
            try (Statement st = connection.createStatement()) {
                st.execute("SET spark.sql.thriftServer.incrementalCollect=true");
            } catch (SQLException e) {
                System.err.println("reconcile: incremental collect not set: " + e.getMessage());
            }
            incrementalCollect = true;
        }
        String sql = ExactTableQueries.rows(tables.exactTable(), day, range);
        try {
            Statement st = connection.createStatement();
            st.setFetchSize(10_000);
            return new ExactCursor(st, st.executeQuery(sql), sql);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /**
     * The day's exact rows summarised by the server in one aggregate query ({@link ExactTableQueries#summary}): their
     * batch runs, count and exact totals per currency.
     */
    public ExactSummary exactSummary(LocalDate day) {
        String sql = ExactTableQueries.summary(tables.exactTable(), day);
        return query(sql, rs -> ExactTableQueries.readSummary(rs, day));
    }

    public OptionalLong maxRunSequence() {
        String sql = "SELECT MAX(run_sequence) AS m FROM " + tables.runsTable();
        return query(sql, rs -> {
            rs.next();
            long max = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(max);
        });
    }

    public Optional<FinalState> currentFinal(LocalDate day) {
        String sql = "SELECT final_version, run_sequence, reconciliation_run_id, batch_run_id, finalized_at FROM "
                + tables.finalsTable() + " WHERE dt = " + SqlLiterals.string(day.toString())
                + " ORDER BY final_version DESC LIMIT 1";
        return query(sql, rs -> rs.next() ? Optional.of(new FinalState(rs.getLong(1), rs.getLong(2), rs.getString(3),
                rs.getString(4), rs.getLong(5))) : Optional.empty());
    }

    /** The whole current FINAL record of a day (its final_days row with the highest version), lineage and totals. */
    public Optional<FinalRecord> finalRecord(LocalDate day) {
        String dt = SqlLiterals.string(day.toString());
        String sql = "SELECT final_version, run_sequence, reconciliation_run_id, batch_run_id, previous_final_version,"
                + " keys_changed, exact_keys, total_impressions, total_clicks, finalized_at,"
                + " coalesce(forced, false) AS forced FROM " + tables.finalsTable()
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
            boolean forced = rs.getBoolean(11);
            String where = " WHERE f.dt = " + dt + " AND f.final_version = " + version;
            SortedMap<String, Long> spend = new TreeMap<>();
            for (String[] kv : pairs("SELECT e.k, e.v FROM " + tables.finalsTable()
                    + " f LATERAL VIEW explode(f.spend_micros_by_currency) e AS k, v" + where)) {
                spend.put(kv[0], Long.parseLong(kv[1]));
            }
            SortedMap<Integer, Long> offsets = new TreeMap<>();
            for (String[] kv : pairs("SELECT e.k, e.v FROM " + tables.finalsTable()
                    + " f LATERAL VIEW explode(f.max_offset_by_partition) e AS k, v" + where)) {
                offsets.put(Integer.parseInt(kv[0]), Long.parseLong(kv[1]));
            }
            return Optional.of(new FinalRecord(day.toString(), version, sequence, runId, batchRunId, offsets,
                    previousVersion, keysChanged, exactKeys, impressions, clicks, spend, finalizedAt, forced));
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Every billing row of the day. */
    public List<BillingRow> billingRows(LocalDate day) {
        String sql = "SELECT advertiser_id, campaign_id, currency, impressions, clicks, spend_micros, batch_run_id FROM "
                + tables.billingTable() + " WHERE dt = " + SqlLiterals.string(day.toString());
        return list(sql, rs -> new BillingRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getString(7)));
    }

    private List<String[]> pairs(String sql) {
        return list(sql, rs -> new String[] {rs.getString(1), rs.getString(2)});
    }

    /** The latest SUCCEEDED batch run of the day (for a day whose exact partition is empty). */
    public Optional<String> latestSucceededBatchRun(LocalDate day) {
        String sql = "SELECT run_id FROM " + tables.batchRunsTable() + " WHERE dt = " + SqlLiterals.string(day.toString())
                + " AND status = 'SUCCEEDED' ORDER BY finished_at DESC LIMIT 1";
        return query(sql, rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty());
    }

    /**
     * What the day's newest SUCCEEDED batch run recorded for the partition it wrote: its counts cover the whole
     * partition, the hours a partial --hours run kept included, also when that run's own hours came out empty.
     * {@code forced} is that run's or any run named on the rows' (a forced run's hours that a later run kept).
     */
    public TruthCheck.Recorded recordedResult(LocalDate day, Collection<String> runIdsOnRows) {
        String sql = "SELECT b.run_id, b.output_rows, b.total_impressions, b.total_clicks, s.c, s.v, b.forced FROM "
                + tables.batchRunsTable() + " b LATERAL VIEW OUTER explode(b.spend_micros_by_currency) s AS c, v"
                + " WHERE b.status = 'SUCCEEDED' AND (b.dt = " + SqlLiterals.string(day.toString())
                + (runIdsOnRows.isEmpty() ? "" : " OR b.run_id IN (" + runIdsOnRows.stream().sorted()
                .map(SqlLiterals::string).collect(Collectors.joining(", ")) + ")")
                + ") ORDER BY b.finished_at DESC, b.run_id DESC";
        String newest = null;
        long rows = 0;
        long impressions = 0;
        long clicks = 0;
        boolean forced = false;
        SortedMap<String, Long> spend = new TreeMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                if (newest == null || newest.equals(rs.getString(1)) || runIdsOnRows.contains(rs.getString(1))) {
                    forced |= rs.getBoolean(7);
                }
                if (newest == null) {
                    newest = rs.getString(1);
                    rows = rs.getLong(2);
                    impressions = rs.getLong(3);
                    clicks = rs.getLong(4);
                } else if (!newest.equals(rs.getString(1))) {
                    continue;
                }
                String currency = rs.getString(5);
                if (currency != null) {
                    spend.put(currency, rs.getLong(6));
                }
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
        if (newest == null) {
            throw new IllegalStateException("no SUCCEEDED batch run of " + day + " in " + tables.batchRunsTable()
                    + ": the day cannot become FINAL (run: bin/reckon batch --date " + day + ")");
        }
        return new TruthCheck.Recorded(newest, rows, impressions, clicks, spend, forced);
    }

    /**
     * The lineage of the given batch runs: each must be recorded in batch_runs as SUCCEEDED; the highest offset
     * per partition is the maximum over them (several only after partial --hours runs).
     */
    public Lineage lineage(Collection<String> batchRunIds) {
        if (batchRunIds.isEmpty()) {
            throw new IllegalArgumentException("no batch run ids");
        }
        List<String> ids = batchRunIds.stream().sorted().toList();
        String sql = "SELECT b.run_id, b.status, e.p, e.o FROM " + tables.batchRunsTable()
                + " b LATERAL VIEW OUTER explode(b.max_offset_by_partition) e AS p, o WHERE b.run_id IN ("
                + ids.stream().map(SqlLiterals::string).collect(Collectors.joining(", ")) + ")";
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        SortedMap<String, String> statuses = new TreeMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                statuses.put(rs.getString(1), rs.getString(2));
                int partition = rs.getInt(3);
                if (!rs.wasNull()) {
                    long offset = rs.getLong(4);
                    offsets.merge(partition, offset, Math::max);
                }
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
        for (String id : ids) {
            String status = statuses.get(id);
            if (status == null) {
                throw new IllegalStateException("batch run " + id + " wrote the exact rows but is not recorded in "
                        + tables.batchRunsTable() + ": no lineage, the day cannot become FINAL");
            }
            if (!"SUCCEEDED".equals(status)) {
                throw new IllegalStateException("batch run " + id + " has status " + status + " in "
                        + tables.batchRunsTable() + ": the day cannot become FINAL on its rows");
            }
        }
        return new Lineage(String.join(",", ids), offsets);
    }

    /**
     * Days before {@code before} that are FINAL and whose raw archive has since received a record the batch behind
     * the FINAL state did not read: a row of raw_ad_events with a usable event_time in that day and an offset above
     * the lineage's highest offset of its partition.
     */
    public List<LocalDate> reopenedDays(LocalDate before) {
        String sql = "SELECT DISTINCT f.dt AS dt FROM (SELECT dt, max_offset_by_partition AS offsets,"
                + " row_number() OVER (PARTITION BY dt ORDER BY final_version DESC) AS rn FROM " + tables.finalsTable()
                + " WHERE dt < " + SqlLiterals.string(before.toString()) + ") f JOIN " + tables.rawTable()
                + " r ON r.dt = f.dt WHERE f.rn = 1 AND r.placed_by_record_time = false"
                + " AND r.kafka_offset > coalesce(f.offsets[r.kafka_partition], CAST(-1 AS BIGINT)) ORDER BY dt";
        return list(sql, rs -> LocalDate.parse(rs.getString(1)));
    }

    /**
     * The current FINAL row (highest final_version) of every day before {@code before}, with the earliest
     * started_at of the batch run(s) it names (batch_run_id is comma-separated after partial runs).
     */
    public List<TouchedDays.FinalBasis> finalBases(LocalDate before) {
        String sql = "SELECT f.dt, f.final_version, MIN(b.started_at) FROM (SELECT dt, final_version, batch_run_id,"
                + " row_number() OVER (PARTITION BY dt ORDER BY final_version DESC) AS rn FROM " + tables.finalsTable()
                + " WHERE dt < " + SqlLiterals.string(before.toString()) + ") f LEFT JOIN " + tables.batchRunsTable()
                + " b ON array_contains(split(f.batch_run_id, ','), b.run_id) WHERE f.rn = 1"
                + " GROUP BY f.dt, f.final_version ORDER BY f.dt";
        return list(sql, rs -> {
            LocalDate day = LocalDate.parse(rs.getString(1));
            long version = rs.getLong(2);
            long started = rs.getLong(3);
            return new TouchedDays.FinalBasis(day, version, rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(started));
        });
    }

    /** The LOCATION of a table in the metastore (DESCRIBE FORMATTED). */
    public String location(String table) {
        try {
            return HiveCatalog.location(connection, table);
        } catch (SQLException e) {
            throw failure("DESCRIBE FORMATTED " + table, e);
        }
    }

    /**
     * Every line of the speed layer's touched-after-complete files under {@code <location>/_touched_after_complete}
     * with its file's modification time, read by the server (any Hadoop file system it can reach). Read as text and
     * parsed here: the JSON source needs no schema that way, and an empty folder is simply no rows. No folder yet:
     * no records.
     */
    public List<TouchedDays.Touch> touchedRecords(String tableLocation) {
        String dir = ArchiveLayout.touchedDir(tableLocation);
        if (dir.contains("`")) {
            throw new IllegalArgumentException("a backquote in the table location " + tableLocation);
        }
        String sql = "SELECT value, unix_millis(_metadata.file_modification_time), _metadata.file_path FROM text.`"
                + dir + "` WHERE trim(value) != ''";
        List<TouchedDays.Touch> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(TouchedDays.parse(rs.getString(1), rs.getLong(2), rs.getString(3)));
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("PATH_NOT_FOUND")) {
                return List.of(); // the speed layer has not touched any complete hour yet
            }
            throw failure(sql, e);
        }
        return out;
    }

    /** Reads a whole result; a failure names the statement. */
    private <T> T query(String sql, ResultReader<T> reader) {
        try (Statement st = connection.createStatement()) {
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery(sql)) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** One element per row. */
    private <T> List<T> list(String sql, ResultReader<T> row) {
        return query(sql, rs -> {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.read(rs));
            }
            return out;
        });
    }

    @FunctionalInterface
    private interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    public void insert(RunRecord run) {
        execute(run.insertSql(tables.runsTable()));
    }

    public void insert(FinalRecord finalRecord) {
        execute(finalRecord.insertSql(tables.finalsTable()));
    }

    private void execute(String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private IllegalStateException failure(String sql, SQLException e) {
        return new IllegalStateException("HiveServer2 (" + url + ") failed: " + e.getMessage() + " -- "
                + (sql.length() > 400 ? sql.substring(0, 400) + "..." : sql), e);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            System.err.println("reconcile: closing the HiveServer2 connection: " + e.getMessage());
        }
    }
}
