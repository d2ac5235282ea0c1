package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.KeyOutcome;
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
import java.util.function.Consumer;

/**
 * The keys needing a correction, spilled to a local file while the day is compared, so a day with millions of keys
 * never sits in the heap and the Kafka transaction stays open only while publishing (an open transaction holds back
 * every later committed record of its partitions from Pinot's read_committed consumer). Each entry: the key, the
 * exact counts and Pinot's version before (-1: no row).
 */
public final class CorrectionSpool implements Consumer<KeyOutcome>, AutoCloseable {
    /** One planned correction read back from the spool. */
    public record Entry(GrainKey key, Counts exact, long pinotVersionBefore) {
    }

    private final Path file;
    private final DataOutputStream out;
    private long entries;

    public CorrectionSpool(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.file = file;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    /** Keeps the outcome if it needs a correction. */
    @Override
    public void accept(KeyOutcome outcome) {
        if (!outcome.keyClass().needsCorrection()) {
            return;
        }
        try {
            SpooledKey.write(out, outcome.key());
            out.writeLong(outcome.exact().impressions());
            out.writeLong(outcome.exact().clicks());
            out.writeLong(outcome.exact().spendMicros());
            out.writeLong(outcome.pinot() == null ? -1 : outcome.pinot().version());
            entries++;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the correction spool " + file, e);
        }
    }

    public long entries() {
        return entries;
    }

    /** Reads every entry back, in the order written; call after the comparison has finished. */
    public void forEach(Consumer<Entry> consumer) throws IOException {
        out.flush();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            for (long i = 0; i < entries; i++) {
                GrainKey key = SpooledKey.read(in);
                consumer.accept(new Entry(key, new Counts(in.readLong(), in.readLong(), in.readLong()), in.readLong()));
            }
            if (in.read() != -1) {
                throw new IOException("the correction spool " + file + " has more than " + entries + " entries");
            }
        } catch (EOFException e) {
            throw new IOException("the correction spool " + file + " is truncated", e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }
}
