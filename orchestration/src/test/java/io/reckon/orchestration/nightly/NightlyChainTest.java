package io.reckon.orchestration.nightly;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chain's mechanics with commands that really run (a tiny script), not the real batch/reconcile. */
class NightlyChainTest {
    private static final LocalDate DAY = LocalDate.of(2025, 3, 4);

    @Test
    void splitsLikeAShell() {
        assertThat(Shell.split("spark-submit --conf 'spark.app.name=reckon batch' a\\ b \"x \\\"y\\\"\" {date}"))
                .containsExactly("spark-submit", "--conf", "spark.app.name=reckon batch", "a b", "x \"y\"", "{date}");
        assertThatThrownBy(() -> Shell.split("echo 'open")).hasMessageContaining("unbalanced");
    }

    @Test
    void defaultsCallBinReckon(@TempDir Path home) {
        NightlyChain chain = new NightlyChain(home, home.resolve("state"), Map.of(), Duration.ZERO, Duration.ofSeconds(1),
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(chain.command("batch", DAY)).containsExactly(home.resolve("bin/reckon").toString(), "batch",
                "--date", "2025-03-04");
    }

    @Test
    void resumesAtTheFirstUnfinishedStep(@TempDir Path home) throws Exception {
        Path script = home.resolve("step.sh");
        Files.writeString(script, """
                #!/bin/sh
                echo "$1 $2" >> calls.log
                [ "$1" = late_days ] && [ -e late ] && cat late
                [ ! -e "fail-$1" ]
                """);
        script.toFile().setExecutable(true);
        Map<String, String> env = Map.of(
                "RECKON_ARCHIVE_CHECK_COMMAND", "{home}/step.sh archive_check {date}",
                "RECKON_BATCH_COMMAND", "{home}/step.sh batch {date}",
                "RECKON_RECONCILE_COMMAND", "{home}/step.sh reconcile {date}",
                "RECKON_VERIFY_FINAL_COMMAND", "{home}/step.sh verify_final {date}",
                "RECKON_LATE_DAYS_COMMAND", "{home}/step.sh late_days {date}");
        Files.writeString(home.resolve("late"), "2025-02-01\nnoise\n2025-03-05\n");
        Files.createFile(home.resolve("fail-reconcile"));
        NightlyChain chain = new NightlyChain(home, home.resolve("state"), env, Duration.ZERO, Duration.ofSeconds(1),
                new PrintStream(new ByteArrayOutputStream()));

        assertThatThrownBy(() -> chain.run(DAY, false)).hasMessageContaining("exited with 1");
        assertThat(chain.load(DAY).path("status").asText()).isEqualTo("failed");
        assertThat(chain.load(DAY).path("steps").path("batch").path("status").asText()).isEqualTo("done");
        assertThat(chain.load(DAY).path("steps").path("reconcile").path("status").asText()).isEqualTo("failed");

        Files.delete(home.resolve("fail-reconcile"));
        chain.run(DAY, false);
        assertThat(Files.readAllLines(home.resolve("calls.log"))).containsExactly(
                "archive_check 2025-03-04", "batch 2025-03-04", "reconcile 2025-03-04",
                // resumed: archive_check and batch are not run again
                "reconcile 2025-03-04", "verify_final 2025-03-04", "late_days 2025-03-04",
                "batch 2025-02-01", "reconcile 2025-02-01", "verify_final 2025-02-01");
        assertThat(chain.load(DAY).path("status").asText()).isEqualTo("done");

        chain.run(DAY, false); // everything done: nothing runs
        assertThat(Files.readAllLines(home.resolve("calls.log"))).hasSize(9);
        chain.run(DAY, true); // --restart
        assertThat(Files.readAllLines(home.resolve("calls.log"))).hasSize(17);
    }

    @Test
    void archiveNotCompleteTimesOut(@TempDir Path home) {
        NightlyChain chain = new NightlyChain(home, home.resolve("state"),
                Map.of("RECKON_ARCHIVE_CHECK_COMMAND", "sh -c 'exit 3'"), Duration.ZERO, Duration.ofSeconds(1),
                new PrintStream(new ByteArrayOutputStream()));
        assertThatThrownBy(() -> chain.run(DAY, false)).hasMessageContaining("still not complete");
        assertThat(List.of(chain.load(DAY).path("steps").path("archive_check").path("status").asText()))
                .containsExactly("failed");
    }
}
