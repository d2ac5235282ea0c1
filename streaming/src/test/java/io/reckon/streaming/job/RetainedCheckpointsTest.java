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

    /** A checkpoint as Flink writes it: _metadata (Flink's serializer) naming one operator state file. */
    private static Path realCheckpoint(Path dir, String job, int n, byte[] state) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        Path stateFile = Files.write(chk.resolve("op-state"), state);
        org.apache.flink.runtime.checkpoint.OperatorState operator = new org.apache.flink.runtime.checkpoint.OperatorState(
                "dedup", "dedup-uid", new org.apache.flink.runtime.jobgraph.OperatorID(), 1, 128);
        operator.putState(0, org.apache.flink.runtime.checkpoint.OperatorSubtaskState.builder()
                .setManagedOperatorState(new org.apache.flink.runtime.state.OperatorStreamStateHandle(java.util.Map.of(),
                        new org.apache.flink.runtime.state.filesystem.FileStateHandle(
                                new org.apache.flink.core.fs.Path(stateFile.toUri()), state.length)))
                .build());
        try (var out = Files.newOutputStream(chk.resolve("_metadata"))) {
            org.apache.flink.runtime.checkpoint.Checkpoints.storeCheckpointMetadata(
                    new org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata(n, java.util.List.of(operator),
                            java.util.List.of()), out);
        }
        return chk;
    }

    private static RetainedCheckpoints.Checkpoint only(Path dir) throws Exception {
        return RetainedCheckpoints.latest(dir.toUri().toString()).orElseThrow();
    }

    @Test
    void anIntactCheckpointCanBeRestored(@TempDir Path dir) throws Exception {
        realCheckpoint(dir, "aaaa", 3, new byte[1234]);
        assertThat(RetainedCheckpoints.unrestorable(only(dir))).isEmpty();
    }

    @Test
    void aTruncatedMetadataFileIsFound(@TempDir Path dir) throws Exception {
        Path chk = realCheckpoint(dir, "aaaa", 3, new byte[1234]);
        byte[] metadata = Files.readAllBytes(chk.resolve("_metadata"));
        Files.write(chk.resolve("_metadata"), java.util.Arrays.copyOf(metadata, metadata.length / 2));
        assertThat(RetainedCheckpoints.unrestorable(only(dir))).hasValueSatisfying(why ->
                assertThat(why).startsWith("its _metadata cannot be read"));
    }

    @Test
    void aMissingOrTruncatedStateFileIsFound(@TempDir Path dir) throws Exception {
        Path chk = realCheckpoint(dir, "aaaa", 3, new byte[1234]);
        Files.write(chk.resolve("op-state"), new byte[1000]);
        assertThat(RetainedCheckpoints.unrestorable(only(dir))).hasValueSatisfying(why ->
                assertThat(why).contains("op-state").contains("has 1000 bytes where the checkpoint recorded 1234"));
        Files.delete(chk.resolve("op-state"));
        assertThat(RetainedCheckpoints.unrestorable(only(dir))).hasValueSatisfying(why ->
                assertThat(why).contains("op-state").endsWith("is missing"));
    }

    @Test
    void anUnrestorableNewestCheckpointRefusesTheStartUnlessAnOlderOneIsAskedFor(@TempDir Path dir) throws Exception {
        Instant t = Instant.parse("2026-11-26T09:00:00Z");
        Path older = realCheckpoint(dir, "aaaa", 4, new byte[10]);
        Files.setLastModifiedTime(older.resolve("_metadata"), FileTime.from(t.minusSeconds(10)));
        Path newest = realCheckpoint(dir, "aaaa", 5, new byte[10]);
        Files.setLastModifiedTime(newest.resolve("_metadata"), FileTime.from(t));
        Files.delete(newest.resolve("op-state"));
        var all = RetainedCheckpoints.all(dir.toUri().toString());
        assertThat(all).extracting(RetainedCheckpoints.Checkpoint::number).containsExactly(5L, 4L);

        java.util.List<String> said = new java.util.ArrayList<>();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        RetainedCheckpoints.choose(all, RetainedCheckpoints::unrestorable, false, said::add))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chk-5").hasMessageContaining("is missing")
                .hasMessageContaining("--resume-older").hasMessageContaining("produced again")
                .hasMessageNotContaining("\n");
        assertThat(said).isEmpty();

        var chosen = RetainedCheckpoints.choose(all, RetainedCheckpoints::unrestorable, true, said::add);
        assertThat(chosen).map(RetainedCheckpoints.Checkpoint::number).contains(4L);
        assertThat(said).singleElement().asString().contains("chk-5").contains("resuming from the older")
                .contains("chk-4");

        // Nothing to fall back on: refused either way, in one line.
        Files.delete(older.resolve("op-state"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        RetainedCheckpoints.choose(all, RetainedCheckpoints::unrestorable, true, said::add))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no checkpoint");
        // An intact newest one is simply used.
        assertThat(RetainedCheckpoints.choose(java.util.List.of(all.get(1)), c -> java.util.Optional.empty(), false,
                said::add)).contains(all.get(1));
    }
}
