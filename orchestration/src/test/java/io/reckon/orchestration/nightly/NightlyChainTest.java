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
        assertThat(chain.command("export", DAY)).containsExactly(home.resolve("bin/reckon").toString(), "export",
                "--date", "2025-03-04");
    }

    @Test
    void runsItsStepsInTheOrderItsDefinitionGivesTheDag(@TempDir Path home) throws Exception {
        Path script = home.resolve("step.sh");
        Files.writeString(script, """
                #!/bin/sh
                echo "$1" >> calls.log
                """);
        script.toFile().setExecutable(true);
        Map<String, String> env = new java.util.HashMap<>();
        for (String step : NightlyChain.STEPS) {
            env.put("RECKON_" + step.toUpperCase(java.util.Locale.ROOT) + "_COMMAND", "{home}/step.sh " + step);
        }
        new NightlyChain(home, home.resolve("state"), env, Duration.ZERO, Duration.ofSeconds(1),
                new PrintStream(new ByteArrayOutputStream())).run(DAY, false);
        assertThat(Files.readAllLines(home.resolve("calls.log"))).isEqualTo(NightlyChain.STEPS);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) NightlyChain.definition().get("steps");
        assertThat(steps).extracting(m -> m.get("name")).containsExactlyElementsOf(NightlyChain.STEPS);
        assertThat(steps).allSatisfy(m -> assertThat(m.get("command")).isNotNull());
        // bin/reckon nightly's default archive wait is the definition's (and so the DAG sensor's).
        NightlyCommand nightly = new NightlyCommand();
        new picocli.CommandLine(nightly).parseArgs("--date", "2025-03-04");
        assertThat(nightly.archiveTimeout).isEqualTo(NightlyChain.DEFAULT_ARCHIVE_TIMEOUT);
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
                "RECKON_EXPORT_COMMAND", "{home}/step.sh export {date}",
                "RECKON_LATE_DAYS_COMMAND", "{home}/step.sh late_days {date}");
        Files.writeString(home.resolve("late"), "2025-02-01\nnoise\n2025-03-05\n");
        Files.createFile(home.resolve("fail-reconcile"));
        NightlyChain chain = new NightlyChain(home, home.resolve("state"), env, Duration.ZERO, Duration.ofSeconds(1),
                new PrintStream(new ByteArrayOutputStream()));

        assertThatThrownBy(() -> chain.run(DAY, false)).hasMessageContaining("exited with 1");
        assertThat(chain.load(DAY).status).isEqualTo(NightlyState.Status.FAILED);
        assertThat(chain.load(DAY).step("batch").status).isEqualTo(NightlyState.Status.DONE);
        assertThat(chain.load(DAY).step("reconcile").status).isEqualTo(NightlyState.Status.FAILED);

        Files.delete(home.resolve("fail-reconcile"));
        chain.run(DAY, false);
        assertThat(Files.readAllLines(home.resolve("calls.log"))).containsExactly(
                "archive_check 2025-03-04", "batch 2025-03-04", "reconcile 2025-03-04",
                // resumed: archive_check and batch are not run again
                "reconcile 2025-03-04", "verify_final 2025-03-04", "export 2025-03-04", "late_days 2025-03-04",
                "batch 2025-02-01", "reconcile 2025-02-01", "verify_final 2025-02-01", "export 2025-02-01");
        assertThat(chain.load(DAY).status).isEqualTo(NightlyState.Status.DONE);

        chain.run(DAY, false); // everything done: nothing runs
        assertThat(Files.readAllLines(home.resolve("calls.log"))).hasSize(11);
        chain.run(DAY, true); // --restart
        assertThat(Files.readAllLines(home.resolve("calls.log"))).hasSize(21);
    }

    @Test
    void aSecondRunOfTheSameDayIsRefusedWhileTheFirstHoldsTheLock(@TempDir Path home) throws Exception {
        // batch blocks until the test creates "release"; the other steps succeed at once.
        Map<String, String> env = Map.of(
                "RECKON_ARCHIVE_CHECK_COMMAND", "true",
                "RECKON_BATCH_COMMAND", "sh -c 'touch {home}/started; while [ ! -e {home}/release ]; do sleep 0.05; done'",
                "RECKON_RECONCILE_COMMAND", "true", "RECKON_VERIFY_FINAL_COMMAND", "true", "RECKON_EXPORT_COMMAND", "true",
                "RECKON_LATE_DAYS_COMMAND", "true");
        NightlyChain first = chain(home, env);
        java.util.concurrent.CompletableFuture<Void> running =
                java.util.concurrent.CompletableFuture.runAsync(() -> first.run(DAY, false));
        awaitFile(home.resolve("started"), running);

        NightlyChain second = chain(home, env);
        assertThatThrownBy(() -> second.run(DAY, false))
                .hasMessageContaining("another nightly run of 2025-03-04 is in progress")
                .hasMessageContaining(home.resolve("state").resolve("2025-03-04.lock").toString());
        assertThatThrownBy(() -> second.run(DAY, true)).hasMessageContaining("another nightly run"); // --restart too
        chain(home, Map.of("RECKON_ARCHIVE_CHECK_COMMAND", "true", "RECKON_BATCH_COMMAND", "true",
                "RECKON_RECONCILE_COMMAND", "true", "RECKON_VERIFY_FINAL_COMMAND", "true", "RECKON_EXPORT_COMMAND", "true",
                "RECKON_LATE_DAYS_COMMAND", "true")).run(DAY.plusDays(1), false); // another day is not held up
        // ...but a chain that would re-run the locked day as a late day waits its turn (fails, retried next night).
        NightlyChain later = chain(home, Map.of("RECKON_ARCHIVE_CHECK_COMMAND", "true", "RECKON_BATCH_COMMAND", "true",
                "RECKON_RECONCILE_COMMAND", "true", "RECKON_VERIFY_FINAL_COMMAND", "true", "RECKON_EXPORT_COMMAND", "true",
                "RECKON_LATE_DAYS_COMMAND", "echo 2025-03-04"));
        assertThatThrownBy(() -> later.run(DAY.plusDays(2), false))
                .hasMessageContaining("another nightly run of 2025-03-04 is in progress");
        assertThat(later.load(DAY.plusDays(2)).steps).doesNotContainKey("late:2025-03-04:batch");

        Files.createFile(home.resolve("release"));
        running.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(first.load(DAY).status).isEqualTo(NightlyState.Status.DONE);
        second.run(DAY, false); // the lock is free again: a no-op run
    }

    @Test
    void refusesToResumeWhileTheCommandOfAKilledRunIsStillAlive(@TempDir Path home) throws Exception {
        Map<String, String> env = Map.of("RECKON_ARCHIVE_CHECK_COMMAND", "true", "RECKON_BATCH_COMMAND", "true",
                "RECKON_RECONCILE_COMMAND", "true", "RECKON_VERIFY_FINAL_COMMAND", "true", "RECKON_EXPORT_COMMAND", "true",
                "RECKON_LATE_DAYS_COMMAND", "true");
        NightlyChain chain = chain(home, env);
        // What a run killed during reconcile leaves: batch done, reconcile running as a process still alive.
        Process orphan = new ProcessBuilder("sleep", "300").start();
        try {
            // Written as JSON by hand, the way the chain writes it, so that the file format is what is tested.
            Files.createDirectories(home.resolve("state"));
            Files.writeString(chain.stateFile(DAY), "{\"date\":\"" + DAY + "\",\"status\":\"running\",\"steps\":{"
                    + "\"archive_check\":{\"status\":\"done\"},\"batch\":{\"status\":\"done\"},"
                    + "\"reconcile\":{\"status\":\"running\",\"pid\":" + orphan.pid() + ",\"pid_started_at\":\""
                    + orphan.info().startInstant().orElseThrow() + "\"}}}");

            assertThatThrownBy(() -> chain.run(DAY, false))
                    .hasMessageContaining("step reconcile of 2025-03-04 is still running as pid " + orphan.pid());
            assertThatThrownBy(() -> chain.run(DAY, true)).as("--restart too")
                    .hasMessageContaining("still running as pid " + orphan.pid());
            assertThat(chain.load(DAY).step("reconcile").status).isEqualTo(NightlyState.Status.RUNNING);
        } finally {
            orphan.destroyForcibly().waitFor();
        }
        chain.run(DAY, false);
        assertThat(chain.load(DAY).status).isEqualTo(NightlyState.Status.DONE);
        assertThat(chain.load(DAY).step("reconcile").pid)
                .as("the command's pid is recorded").isPositive().isNotEqualTo(orphan.pid());
    }

    @Test
    void sigtermStopsTheRunningCommandInsteadOfOrphaningIt(@TempDir Path home) throws Exception {
        // bin/reckon nightly as its own JVM (this test's classpath), its batch a process that would run for minutes.
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-Dreckon.home=" + home, "-cp", System.getProperty("java.class.path"),
                io.reckon.orchestration.OrchestrationMain.class.getName(), "nightly", "--date", DAY.toString(),
                "--state-dir", home.resolve("state").toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("nightly.log").toFile());
        pb.environment().put("RECKON_ARCHIVE_CHECK_COMMAND", "true");
        pb.environment().put("RECKON_BATCH_COMMAND", "sh -c 'echo $$ > {home}/batch.pid; exec sleep 300'");
        Process nightly = pb.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(home.resolve("batch.pid")) || Files.readString(home.resolve("batch.pid")).isBlank()) {
                assertThat(nightly.isAlive()).as(Files.exists(home.resolve("nightly.log"))
                        ? Files.readString(home.resolve("nightly.log")) : "no output").isTrue();
                assertThat(System.nanoTime()).as("waiting for the batch command to start").isLessThan(deadline);
                Thread.sleep(20); // poll interval
            }
            ProcessHandle batch = ProcessHandle.of(Long.parseLong(Files.readString(home.resolve("batch.pid")).trim()))
                    .orElseThrow();

            nightly.destroy(); // SIGTERM
            assertThat(nightly.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            batch.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS); // stopped by the chain, not orphaned
            assertThat(batch.isAlive()).isFalse();
        } finally {
            nightly.destroyForcibly();
        }
    }

    @Test
    void aStepThatRunsPastItsTimeoutIsStoppedAndFails(@TempDir Path home) throws Exception {
        // batch would run for 5 minutes, itself and a child; its timeout is 2 seconds
        Map<String, String> env = Map.of("RECKON_ARCHIVE_CHECK_COMMAND", "true",
                "RECKON_BATCH_COMMAND", "sh -c 'sleep 300 & echo $! > {home}/child.pid; echo $$ > {home}/batch.pid; wait'",
                "RECKON_BATCH_TIMEOUT", "PT2S");
        NightlyChain chain = chain(home, env);

        assertThatThrownBy(() -> chain.run(DAY, false)).hasMessageContaining("timed out after 2s and was stopped")
                .hasMessageContaining("RECKON_BATCH_TIMEOUT");

        assertThat(chain.load(DAY).step("batch").status).isEqualTo(NightlyState.Status.FAILED);
        for (String pidFile : List.of("batch.pid", "child.pid")) {
            ProcessHandle.of(Long.parseLong(Files.readString(home.resolve(pidFile)).trim()))
                    .ifPresent(h -> assertThat(h.onExit()).succeedsWithin(Duration.ofSeconds(30)));
        }
    }

    @Test
    void aLeftoverProcessHoldingTheOutputDoesNotBlockTheChain(@TempDir Path home) throws Exception {
        // batch ends at once but leaves a process behind that keeps its output pipe open
        Map<String, String> env = Map.of("RECKON_ARCHIVE_CHECK_COMMAND", "true",
                "RECKON_BATCH_COMMAND", "sh -c 'sleep 300 & echo $! > {home}/leftover.pid; echo batch done'",
                "RECKON_RECONCILE_COMMAND", "true", "RECKON_VERIFY_FINAL_COMMAND", "true", "RECKON_EXPORT_COMMAND", "true",
                "RECKON_LATE_DAYS_COMMAND", "true");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        NightlyChain chain = new NightlyChain(home, home.resolve("state"), env, Duration.ZERO, Duration.ofSeconds(1),
                new PrintStream(log, true)).readAfterExit(Duration.ofSeconds(1));
        try {
            chain.run(DAY, false);
            assertThat(chain.load(DAY).status).isEqualTo(NightlyState.Status.DONE);
            assertThat(log.toString()).contains("  | batch done");
            assertThat(ProcessHandle.of(Long.parseLong(Files.readString(home.resolve("leftover.pid")).trim())))
                    .as("the leftover still runs: the chain went on without waiting for it").isPresent();
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(home.resolve("leftover.pid")).trim()))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void timeoutsDefaultToTheDagsAndAreCheckedWhenSet(@TempDir Path home) {
        NightlyChain chain = chain(home, Map.of("RECKON_RECONCILE_TIMEOUT", "90", "RECKON_EXPORT_TIMEOUT", "PT45S",
                "RECKON_VERIFY_FINAL_TIMEOUT", "0", "RECKON_LATE_DAYS_TIMEOUT", "soon", "RECKON_BATCH_TIMEOUT", "6h"));
        assertThat(chain.timeout("batch")).isEqualTo(Duration.ofHours(6));
        assertThat(chain.timeout("reconcile")).as("a bare number is minutes").isEqualTo(Duration.ofMinutes(90));
        assertThat(chain.timeout("export")).isEqualTo(Duration.ofSeconds(45));
        assertThat(chain(home, Map.of()).timeout("batch")).isEqualTo(Duration.ofHours(4));
        assertThatThrownBy(() -> chain.timeout("verify_final")).hasMessage("RECKON_VERIFY_FINAL_TIMEOUT must be a "
                + "duration (90s, 30m, 6h, PT90S; a bare number is minutes), more than 0, got '0'");
        assertThatThrownBy(() -> chain.timeout("late_days")).hasMessageContaining("got 'soon'");
    }

    private static NightlyChain chain(Path home, Map<String, String> env) {
        return new NightlyChain(home, home.resolve("state"), env, Duration.ZERO, Duration.ofSeconds(1),
                new PrintStream(new ByteArrayOutputStream()));
    }

    private static void awaitFile(Path file, java.util.concurrent.CompletableFuture<Void> running) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file)) {
            if (running.isDone()) {
                running.get(); // surfaces the failure
            }
            assertThat(System.nanoTime()).as("waiting for " + file).isLessThan(deadline);
            Thread.sleep(20); // poll interval
        }
    }

    @Test
    void archiveNotCompleteTimesOut(@TempDir Path home) {
        NightlyChain chain = new NightlyChain(home, home.resolve("state"),
                Map.of("RECKON_ARCHIVE_CHECK_COMMAND", "sh -c 'exit 3'"), Duration.ZERO, Duration.ofSeconds(1),
                new PrintStream(new ByteArrayOutputStream()));
        assertThatThrownBy(() -> chain.run(DAY, false)).hasMessageContaining("still not complete");
        assertThat(chain.load(DAY).step("archive_check").status).isEqualTo(NightlyState.Status.FAILED);
    }
}
