package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.ExactRow;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Exact rows from a list, as an in-memory Hive would stream them; and reading a stream of them whole. */
public final class ListExactRows implements ReconcileStores.ExactRows {
    private final List<ExactRow> rows;
    private final Iterator<ExactRow> it;
    private long n;

    private ListExactRows(List<ExactRow> rows) {
        this.rows = List.copyOf(rows);
        this.it = this.rows.iterator();
    }

    public static ReconcileStores.ExactRows of(List<ExactRow> rows) {
        return new ListExactRows(rows);
    }

    /** Every row of {@code rows}, which it closes. */
    public static List<ExactRow> drain(ReconcileStores.ExactRows rows) {
        List<ExactRow> out = new ArrayList<>();
        try (rows) {
            rows.forEachRemaining(out::add);
        }
        return out;
    }

    @Override
    public SortedSet<String> batchRunIds() {
        return new TreeSet<>(rows.stream().map(ExactRow::batchRunId).toList());
    }

    @Override
    public long rows() {
        return n;
    }

    @Override
    public boolean hasNext() {
        return it.hasNext();
    }

    @Override
    public ExactRow next() {
        n++;
        return it.next();
    }

    @Override
    public void close() {
    }
}
