package io.reckon.streaming;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
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
    void aSecondSpeedLayerBesideTheDetachedOneIsRefused(@TempDir Path dataDir) throws Exception {
        Path pidFile = Files.createDirectories(dataDir.resolve("run")).resolve("stream.pid");
        // a live process whose command line names StreamMain, as the detached run's does
        Process running = new ProcessBuilder("sh", "-c", "sleep 300; true", StreamMain.class.getName()).start();
        try {
            Files.writeString(pidFile, running.pid() + "\n");
            assertThatThrownBy(() -> StreamMain.refuseIfOneIsRunning(dataDir))
                    .hasMessageContaining("already running as pid " + running.pid());
        } finally {
            running.destroyForcibly().waitFor();
        }
        StreamMain.refuseIfOneIsRunning(dataDir);  // ended: no longer in the way
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        StreamMain.refuseIfOneIsRunning(dataDir);  // the detached run finds its own pid
    }
}
