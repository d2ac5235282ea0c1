package io.reckon.streaming.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetainedCheckpointsTest {

    private static Path checkpoint(Path dir, String job, int n, Instant metadataWritten) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        if (metadataWritten != null) {
            Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
            Files.setLastModifiedTime(metadata, FileTime.from(metadataWritten));
        }
        return chk;
    }

    @Test
    void theNewestCompleteCheckpointOfAnyEarlierRunWins(@TempDir Path dir) throws Exception {
        Instant t = Instant.parse("2026-11-26T09:00:00Z");
        checkpoint(dir, "aaaa", 41, t.minusSeconds(600));          // an older run, higher number
        Path newest = checkpoint(dir, "bbbb", 7, t);
        checkpoint(dir, "bbbb", 8, null);                           // in progress: no _metadata yet
        checkpoint(dir, "bbbb", 6, t.minusSeconds(5));
        Files.createDirectories(dir.resolve("bbbb").resolve("shared"));
        Files.createDirectories(dir.resolve("bbbb").resolve("taskowned"));
        Files.writeString(dir.resolve("stray-file"), "not a job");

        var latest = RetainedCheckpoints.latest(dir.toUri().toString());

        assertThat(latest).isPresent();
        assertThat(Path.of(java.net.URI.create(latest.get().path()))).isEqualTo(newest);
        assertThat(latest.get().number()).isEqualTo(7);
    }

    @Test
    void noneWhenNothingIsComplete(@TempDir Path dir) throws Exception {
        assertThat(RetainedCheckpoints.latest(dir.resolve("missing").toUri().toString())).isEmpty();
        checkpoint(dir, "cccc", 1, null);
        assertThat(RetainedCheckpoints.latest(dir.toUri().toString())).isEmpty();
    }
}
