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
}
