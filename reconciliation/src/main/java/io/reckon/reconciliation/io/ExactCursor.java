package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.ExactRow;
import io.reckon.schemas.aggregate.GrainKey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.NoSuchElementException;

/** Streams the exact rows of a day; remembers the distinct batch run ids it saw. */
public final class ExactCursor implements ReconcileStores.ExactRows {
    private final Statement statement;
    private final ResultSet rs;
    private final String sql;
    private final java.util.TreeSet<String> batchRunIds = new java.util.TreeSet<>();
    private ExactRow next;
    private boolean done;
    private long rows;

    ExactCursor(Statement statement, ResultSet rs, String sql) {
        this.statement = statement;
        this.rs = rs;
        this.sql = sql;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                if (rs.next()) {
                    GrainKey key = new GrainKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            requireLong(rs, 5));
                    Counts counts = new Counts(requireLong(rs, 6), requireLong(rs, 7), requireLong(rs, 8));
                    String runId = rs.getString(9);
                    if (runId == null) {
                        throw new IllegalStateException("exact row " + key + " has no batch_run_id");
                    }
                    batchRunIds.add(runId);
                    next = new ExactRow(key, counts, runId);
                    rows++;
                } else {
                    done = true;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reading the exact rows failed: " + e.getMessage() + " -- " + sql, e);
            }
        }
        return next != null;
    }

    @Override
    public ExactRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ExactRow row = next;
        next = null;
        return row;
    }

    public java.util.SortedSet<String> batchRunIds() {
        return java.util.Collections.unmodifiableSortedSet(batchRunIds);
    }

    public long rows() {
        return rows;
    }

    private static long requireLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        if (rs.wasNull()) {
            throw new IllegalStateException("exact row has NULL in column " + column);
        }
        return v;
    }

    @Override
    public void close() {
        try {
            rs.close();
            statement.close();
        } catch (SQLException e) {
            System.err.println("reconcile: closing the exact-rows cursor: " + e.getMessage());
        }
    }
}
