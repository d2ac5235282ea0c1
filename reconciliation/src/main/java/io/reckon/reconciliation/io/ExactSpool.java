package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.ExactRow;
import io.reckon.reconciliation.compare.ExactSummary;
import io.reckon.reconciliation.compare.Totals;
import io.reckon.schemas.aggregate.GrainKey;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Exact rows (one range of a day's, as {@link ParallelExactRead} reads them from HiveServer2), kept in a local file in
 * the order read, so the recheck after publishing compares Pinot with the same rows without reading them again (at a
 * million keys, half a minute of HiveServer2). That Hive still holds these rows is checked with one aggregate query
 * instead: the {@link #summary()}s against {@link ReconcileStores.Truth#exactSummary}.
 */
public final class ExactSpool implements AutoCloseable {
    private final Path file;
    private final DataOutputStream out;
    private final Map<String, Integer> runIndex = new HashMap<>();
    private final List<String> runIds = new ArrayList<>();
    private final SortedMap<String, Totals> totals = new TreeMap<>();
    private long rows;
    private boolean recorded;

    public ExactSpool(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.file = file;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    /** {@code rows}, each one also written here as it is read; once per spool. */
    public ReconcileStores.ExactRows recording(ReconcileStores.ExactRows source) {
        if (recorded) {
            throw new IllegalStateException("the exact spool " + file + " is recorded once");
        }
        recorded = true;
        return new ReconcileStores.ExactRows() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public ExactRow next() {
                ExactRow row = source.next();
                write(row);
                return row;
            }

            @Override
            public SortedSet<String> batchRunIds() {
                return source.batchRunIds();
            }

            @Override
            public long rows() {
                return source.rows();
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }

    private void write(ExactRow row) {
        try {
            SpooledKey.write(out, row.key());
            out.writeLong(row.counts().impressions());
            out.writeLong(row.counts().clicks());
            out.writeLong(row.counts().spendMicros());
            out.writeInt(runIndex.computeIfAbsent(row.batchRunId(), id -> {
                runIds.add(id);
                return runIds.size() - 1;
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the exact spool " + file, e);
        }
        totals.computeIfAbsent(row.key().currency(), c -> new Totals()).add(row.counts());
        rows++;
    }

    /** The rows recorded: their batch runs, count and exact totals per currency. */
    public ExactSummary summary() {
        return ExactSummary.of(new TreeSet<>(runIds), rows, totals);
    }

    /** The rows recorded, in the order read; after the recording's comparison has finished. */
    public ReconcileStores.ExactRows replay() throws IOException {
        out.flush();
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        long total = rows;
        return new ReconcileStores.ExactRows() {
            private long read;

            @Override
            public boolean hasNext() {
                return read < total;
            }

            @Override
            public ExactRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    GrainKey key = SpooledKey.read(in);
                    Counts counts = new Counts(in.readLong(), in.readLong(), in.readLong());
                    ExactRow row = new ExactRow(key, counts, runIds.get(in.readInt()));
                    read++;
                    return row;
                } catch (EOFException e) {
                    throw new UncheckedIOException("the exact spool " + file + " is truncated", e);
                } catch (IOException e) {
                    throw new UncheckedIOException("reading the exact spool " + file, e);
                }
            }

            @Override
            public SortedSet<String> batchRunIds() {
                return new TreeSet<>(runIds);
            }

            @Override
            public long rows() {
                return read;
            }

            @Override
            public void close() {
                try {
                    in.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("closing the exact spool " + file, e);
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }
}
