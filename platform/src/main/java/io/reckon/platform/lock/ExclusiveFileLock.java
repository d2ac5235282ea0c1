package io.reckon.platform.lock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Only one of us at a time", across processes: an OS lock on a file, which the OS releases however its holder ends
 * (SIGKILL included), so that a crash never leaves a stale lock behind. Also exclusive within one JVM, without a
 * second descriptor: an OS lock belongs to the whole process, and closing any descriptor of the file would drop it.
 * The file itself stays; only the lock on it matters.
 */
public final class ExclusiveFileLock implements AutoCloseable {
    /** The files this JVM holds a lock on: a second attempt is refused before it opens the file. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private ExclusiveFileLock(Path file, Path key, FileChannel channel, FileLock lock) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock on {@code file} (created, with its folder, if missing), or empty when someone else holds it. */
    public static Optional<ExclusiveFileLock> tryAcquire(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            return Optional.empty();
        }
        try {
            Path parent = key.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                HELD.remove(key);
                return Optional.empty();
            }
            return Optional.of(new ExclusiveFileLock(file, key, channel, lock));
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(key);
            }
        }
    }
}
