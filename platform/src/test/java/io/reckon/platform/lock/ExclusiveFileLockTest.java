package io.reckon.platform.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExclusiveFileLockTest {
    @TempDir
    Path dir;

    @Test
    void aHeldLockIsRefusedAndFreeAgainOnceClosed() throws IOException {
        Path file = dir.resolve("state/day.lock");
        Optional<ExclusiveFileLock> first = ExclusiveFileLock.tryAcquire(file);
        assertThat(first).isPresent();
        assertThat(file).exists();
        assertThat(ExclusiveFileLock.tryAcquire(file)).isEmpty();
        first.get().close();
        try (ExclusiveFileLock again = ExclusiveFileLock.tryAcquire(file).orElseThrow()) {
            assertThat(again.file()).isEqualTo(file);
        }
    }

    @Test
    void locksOnTwoFilesAreIndependent() throws IOException {
        try (ExclusiveFileLock a = ExclusiveFileLock.tryAcquire(dir.resolve("a.lock")).orElseThrow();
             ExclusiveFileLock b = ExclusiveFileLock.tryAcquire(dir.resolve("b.lock")).orElseThrow()) {
            assertThat(a.file()).isNotEqualTo(b.file());
        }
    }

    /**
     * Whether another process gets the lock now: python3's fcntl.lockf takes the same kind of OS lock (POSIX record
     * locks, fcntl) as the JDK on Linux.
     */
    private static boolean anotherProcessGets(Path file) throws Exception {
        Process p = new ProcessBuilder("python3", "-c",
                "import fcntl, sys\nf = open(sys.argv[1], 'a')\n"
                        + "try:\n    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept OSError:\n    sys.exit(3)\n",
                file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("python3 ended").isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isIn(0, 3);
        return p.exitValue() == 0;
    }

    @Test
    void aSecondAttemptInThisJvmDoesNotDropTheLockOtherProcessesSee() throws Exception {
        Path file = dir.resolve("day.lock");
        try (ExclusiveFileLock held = ExclusiveFileLock.tryAcquire(file).orElseThrow()) {
            assertThat(anotherProcessGets(file)).isFalse();
            assertThat(ExclusiveFileLock.tryAcquire(file)).isEmpty();
            // Still held for other processes after the refused attempt (closing a second descriptor would drop it).
            assertThat(anotherProcessGets(file)).isFalse();
        }
        assertThat(anotherProcessGets(file)).isTrue();
    }
}
