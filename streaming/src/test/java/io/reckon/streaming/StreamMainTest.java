package io.reckon.streaming;

import io.reckon.streaming.job.CheckpointDirLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Arguments {@code bin/reckon stream} refuses before starting anything. */
class StreamMainTest {

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        int code = StreamMain.commandLine(new StreamMain()).setErr(new PrintWriter(err)).execute(args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void restoreAndFreshExcludeEachOther() {
        String[] r = run("--bootstrap", "127.0.0.1:1", "--no-archive", "--restore", "file:///tmp/chk-1", "--fresh");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).isEqualTo("reckon stream: --restore and --fresh exclude each other (see --help)"
                + System.lineSeparator());
    }

    @Test
    void aTransactionalIdPrefixThatCannotNameTheCheckpointDirectoryIsRefused() {
        for (String prefix : new String[] {"../speed", "..", "."}) {
            String[] r = run("--bootstrap", "127.0.0.1:1", "--no-archive", "--transactional-id-prefix", prefix);
            assertThat(r[0]).isEqualTo("2");
            assertThat(r[1]).startsWith("reckon stream: --transactional-id-prefix must be letters, digits")
                    .hasLineCount(1);
        }
    }

    @Test
    void oneJobPerCheckpointDirectory(@TempDir Path dir) throws Exception {
        String uri = dir.resolve("checkpoints").toUri().toString();
        try (CheckpointDirLock held = CheckpointDirLock.acquire(uri)) {
            assertThat(held).isNotNull();
            assertThatThrownBy(() -> CheckpointDirLock.acquire(uri))
                    .hasMessageStartingWith("another reckon stream runs on the checkpoint directory");
        }
        CheckpointDirLock.acquire(uri).close();  // free again once the first has ended
        assertThat(CheckpointDirLock.acquire("s3://bucket/checkpoints")).as("not checked there").isNull();
    }

    @Test
    void aDetachedStartIsRefusedWhileAnotherJobHoldsItsCheckpointDirectory(@TempDir Path dir) throws Exception {
        String uri = dir.resolve("checkpoints").toUri().toString();
        try (CheckpointDirLock held = CheckpointDirLock.acquire(uri)) {
            String[] r = run("--bootstrap", "127.0.0.1:1", "--no-archive", "--checkpoint-dir", uri, "--detach");
            assertThat(r[0]).isEqualTo("1");
            assertThat(r[1]).startsWith("reckon stream: another reckon stream runs on the checkpoint directory")
                    .hasLineCount(1);
        }
    }
}
