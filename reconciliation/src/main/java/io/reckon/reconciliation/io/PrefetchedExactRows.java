package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.ExactRow;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads exact rows on a thread of its own, a few thousand ahead, so that fetching them from HiveServer2 (the slow part
 * of a comparison: about 35,000 rows/s over JDBC) overlaps with reading Pinot's pages and comparing, instead of
 * taking turns with them. The rows come out in the order the source gives them; a failure of the source is thrown
 * to the reader. The source is used by the reading thread only, and closed by it.
 */
public final class PrefetchedExactRows implements ReconcileStores.ExactRows {
    private static final int CHUNK = 2_048;
    private static final int CHUNKS_AHEAD = 8;

    /** One queue element: rows, or the end (with the source's failure, if it failed). */
    private record Chunk(List<ExactRow> rows, boolean last, RuntimeException failure) {
    }

    private final ReconcileStores.ExactRows source;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread reader;
    private volatile boolean closed;
    private Iterator<ExactRow> current = List.<ExactRow>of().iterator();
    private boolean ended;
    private boolean failed;
    private long rows;

    public PrefetchedExactRows(ReconcileStores.ExactRows source, String name) {
        this.source = source;
        this.reader = new Thread(this::readAll, "exact-rows-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll() {
        try {
            List<ExactRow> chunk = new ArrayList<>(CHUNK);
            RuntimeException failure = null;
            try {
                while (!closed && source.hasNext()) {
                    chunk.add(source.next());
                    if (chunk.size() == CHUNK) {
                        if (!put(new Chunk(chunk, false, null))) {
                            return;
                        }
                        chunk = new ArrayList<>(CHUNK);
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            } catch (Error e) {
                failure = new IllegalStateException("reading the exact rows failed: " + e, e);
            }
            put(new Chunk(chunk, true, failure));
        } finally {
            source.close();
        }
    }

    /** Hands a chunk to the reader; false once the reader has closed (nobody will take it). */
    private boolean put(Chunk chunk) {
        try {
            while (!closed) {
                if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (ended) {
                return false;
            }
            Chunk chunk;
            try {
                chunk = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the exact rows", e);
            }
            if (chunk.failure() != null) {
                ended = true;
                failed = true;
                throw chunk.failure();
            }
            ended = chunk.last();
            current = chunk.rows().iterator();
        }
        return true;
    }

    @Override
    public ExactRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        rows++;
        return current.next();
    }

    /** The source's batch runs: complete once every row has been read. */
    @Override
    public SortedSet<String> batchRunIds() {
        if (!ended || failed) {
            throw new IllegalStateException("the batch runs of the exact rows are known once all rows are read");
        }
        return source.batchRunIds();
    }

    @Override
    public long rows() {
        return rows;
    }

    /** Stops the reading thread (it closes the source) and waits for it. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
