package io.reckon.stack.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stack down} stops the pipelines' detached dashboards, and only them (real processes). */
class DetachedServeTest {
    @TempDir
    Path dataDir;

    private static Process start(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void pidFile(Path dir, Process p) throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run").resolve("serve.pid"), p.pid() + "\n");
    }

    @Test
    void theStacksAndItsInstancesDashboardsStopAndAnyOtherProgramIsLeftAlone() throws Exception {
        // Stand-ins whose command line names the dashboard's main class, as a detached serve's does.
        Process own = start("sh", "-c", "sleep 60", DetachedServe.MAIN);
        Process instance = start("sh", "-c", "sleep 60", DetachedServe.MAIN);
        Process recycled = start("sleep", "60");  // a PID file left behind, its PID now another program's
        try {
            pidFile(dataDir, own);
            pidFile(dataDir.resolve("instances").resolve("it_1"), instance);
            pidFile(dataDir.resolve("instances").resolve("it_2"), recycled);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int stopped = DetachedServe.stopAll(dataDir, Duration.ofSeconds(5), new PrintStream(out, true));

            assertThat(stopped).isEqualTo(2);
            assertThat(own.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(instance.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(recycled.isAlive()).isTrue();
            assertThat(out.toString()).contains("stopped serve", "pid " + own.pid(), "pid " + instance.pid());
            assertThat(dataDir.resolve("run").resolve("serve.pid")).doesNotExist();
        } finally {
            own.destroyForcibly();
            instance.destroyForcibly();
            recycled.destroyForcibly();
        }
    }

    @Test
    void noDashboardNothingToStop() {
        assertThat(DetachedServe.stopAll(dataDir, Duration.ofSeconds(1), new PrintStream(new ByteArrayOutputStream()))).isZero();
    }
}
