package io.reckon.streaming.job;

import io.reckon.platform.lock.ExclusiveFileLock;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * One job per checkpoint directory: a second one would resume the first's checkpoint while it is still being
 * written (and, claiming it, delete what the first would restart from), and the two would fence each other's
 * transactions. An OS file lock in the directory ({@code file:} URIs), released however the process ends, and
 * when the job ends.
 */
public final class CheckpointDirLock implements AutoCloseable {
    public static final String NAME = ".reckon-stream.lock";
    private final ExclusiveFileLock lock;

    private CheckpointDirLock(ExclusiveFileLock lock) {
        this.lock = lock;
    }

    /** The lock of a {@code file:} checkpoint directory; null for other file systems (not checked there). */
    public static CheckpointDirLock acquire(String checkpointDir) throws IOException {
        URI uri = URI.create(checkpointDir);
        if (!"file".equals(uri.getScheme())) {
            return null;
        }
        Path file = Path.of(uri).resolve(NAME);
        return new CheckpointDirLock(ExclusiveFileLock.tryAcquire(file).orElseThrow(() -> new IllegalStateException(
                "another reckon stream runs on the checkpoint directory " + file.getParent() + " (it holds " + file
                        + "); stop it first, or give this one its own --checkpoint-dir and --transactional-id-prefix")));
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
