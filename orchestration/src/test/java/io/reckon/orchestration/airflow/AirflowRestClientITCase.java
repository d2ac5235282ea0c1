package io.reckon.orchestration.airflow;

import io.reckon.orchestration.OrchestrationMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST client (and {@code bin/reckon airflow}) against a real Airflow 3 running the real reckon_nightly DAG.
 * The DAG's commands are replaced, through Airflow Variables set with the client, by a tiny script that records
 * its calls and fails on demand: the orchestration mechanics are real, the batch and reconcile jobs (issues #5, #6)
 * are not involved.
 */
class AirflowRestClientITCase {
    private static final String DAG = "reckon_nightly";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofSeconds(1);

    private static LocalAirflow airflow;
    private static AirflowClient client;
    private static Path fakeHome;

    @BeforeAll
    static void startAirflow() throws IOException {
        Path home = Path.of(System.getProperty("reckon.home", "..")).toAbsolutePath().normalize();
        Path cache = Path.of(System.getProperty("reckon.airflow.venv.cache",
                System.getProperty("user.home") + "/.cache/reckon"));
        Path work = home.resolve("orchestration/target/airflow-it");
        deleteRecursively(work);
        Files.createDirectories(work);
        airflow = LocalAirflow.start(home, cache, work, home.resolve("orchestration/airflow/dags"), Map.of(
                "RECKON_NIGHTLY_START_DATE", "2024-01-01",
                "RECKON_NIGHTLY_CATCHUP", "false",
                "RECKON_NIGHTLY_RETRIES", "0",
                "RECKON_NIGHTLY_MAX_ACTIVE_RUNS", "4",
                "RECKON_ARCHIVE_POKE_SECONDS", "5"));
        System.out.printf("[measure] venv from lock: %.1f s, Airflow start (migrate + processes healthy): %.1f s%n",
                airflow.venvTime.toMillis() / 1000.0, airflow.startTime.toMillis() / 1000.0);
        client = airflow.client();

        fakeHome = work.resolve("fake-reckon");
        Files.createDirectories(fakeHome);
        Path script = fakeHome.resolve("step.sh");
        Files.writeString(script, """
                #!/bin/sh
                # step.sh STEP DAY [ARGS]: records the call; fails if fail-STEP-DAY exists; late_days prints late-DAY.
                cd "$(dirname "$0")"
                echo "$*" >> calls.log
                if [ "$1" = late_days ] && [ -e "late-$2" ]; then cat "late-$2"; fi
                [ ! -e "fail-$1-$2" ]
                """);
        script.toFile().setExecutable(true);
        client.setVariable("reckon_home", fakeHome.toString());
        for (String step : List.of("archive_check", "batch", "reconcile", "verify_final", "export", "late_days")) {
            client.setVariable("reckon_" + step + "_command", "{home}/step.sh " + step + " {date}");
        }
        Instant t0 = Instant.now();
        airflow.awaitDag(client, DAG);
        client.setPaused(DAG, false);
        System.out.printf("[measure] DAG parsed and unpaused after %.1f s more%n",
                Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    }

    @AfterAll
    static void stopAirflow() {
        if (airflow != null) {
            List<Long> groups = airflow.processGroups();
            Instant t0 = Instant.now();
            airflow.close();
            System.out.printf("[measure] Airflow stopped in %.1f s%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
            assertThat(groups).noneMatch(LocalAirflow::groupAlive);
        }
    }

    private static List<String> calls() throws IOException {
        Path log = fakeHome.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static List<String> callsFor(String day) throws IOException {
        return calls().stream().filter(c -> c.contains(day)).toList();
    }

    @Test
    void triggersObservesAndListsTaskInstances() throws IOException {
        Instant t0 = Instant.now();
        LocalDate day = LocalDate.of(2024, 3, 1);
        Files.writeString(fakeHome.resolve("late-" + day), "2024-02-15\n");

        TriggerResult first = client.trigger(DAG, day, Map.of("hours", "0-3"), null);
        assertThat(first.created()).isTrue();
        assertThat(first.run().runId()).isEqualTo("nightly__2024-03-01");
        assertThat(first.run().logicalDate()).startsWith("2024-03-01T00:00:00");
        TriggerResult again = client.trigger(DAG, day, Map.of(), null); // 409: already triggered, not an error
        assertThat(again.created()).isFalse();
        assertThat(again.run().runId()).isEqualTo(first.run().runId());

        DagRun run = client.awaitRun(DAG, first.run().runId(), RUN_TIMEOUT, POLL, null);
        assertThat(run.state()).isEqualTo("success");
        assertThat(run.conf().path("hours").asText()).isEqualTo("0-3");

        List<TaskInstance> tis = client.taskInstances(DAG, run.runId());
        assertThat(tis).extracting(TaskInstance::name).containsExactlyInAnyOrder("wait_archive_complete", "batch",
                "reconcile", "verify_final", "export", "find_late_days", "rerun_late_day[0]");
        assertThat(tis).allMatch(t -> "success".equals(t.state()));
        assertThat(callsFor("2024-03-01")).containsExactly("archive_check 2024-03-01", "batch 2024-03-01 --hours 0-3",
                "reconcile 2024-03-01", "verify_final 2024-03-01", "export 2024-03-01", "late_days 2024-03-01");
        assertThat(callsFor("2024-02-15")).containsExactly("batch 2024-02-15", "reconcile 2024-02-15",
                "verify_final 2024-02-15", "export 2024-02-15");

        // The CLI on top: status of a finished run exits 0 and lists the tasks.
        StringWriter out = new StringWriter();
        assertThat(cli(out, "status", "--date", "2024-03-01")).isZero();
        assertThat(out.toString()).contains("nightly__2024-03-01", "success", "rerun_late_day[0]");
        System.out.printf("[measure] trigger -> success (7 tasks): %.1f s%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    }

    @Test
    void aFailedTaskIsClearedAndTheRunCompletes() throws IOException {
        Instant t0 = Instant.now();
        LocalDate day = LocalDate.of(2024, 3, 2);
        Path failMarker = fakeHome.resolve("fail-batch-" + day);
        Files.createFile(failMarker);

        StringWriter out = new StringWriter();
        assertThat(cli(out, "trigger", "--date", day.toString())).isZero();
        assertThat(out.toString()).contains("triggered:", "nightly__2024-03-02");
        DagRun failed = client.awaitRun(DAG, "nightly__2024-03-02", RUN_TIMEOUT, POLL, null);
        assertThat(failed.state()).isEqualTo("failed");
        Map<String, String> states = states(client.taskInstances(DAG, failed.runId()));
        assertThat(states).containsEntry("wait_archive_complete", "success").containsEntry("batch", "failed")
                .containsEntry("reconcile", "upstream_failed").containsEntry("verify_final", "upstream_failed");
        assertThat(cli(new StringWriter(), "status", "--run-id", failed.runId())).isEqualTo(AirflowCommand.RUN_FAILED);

        // dry run: lists, changes nothing
        List<TaskInstance> wouldClear = client.clearFailed(DAG, failed.runId(), true);
        assertThat(wouldClear).extracting(TaskInstance::taskId).contains("batch");
        assertThat(client.getRun(DAG, failed.runId()).state()).isEqualTo("failed");

        Files.delete(failMarker);
        List<TaskInstance> cleared = client.clearFailed(DAG, failed.runId(), false);
        assertThat(cleared).extracting(TaskInstance::taskId).contains("batch", "reconcile", "verify_final");
        DagRun done = client.awaitRun(DAG, failed.runId(), RUN_TIMEOUT, POLL, null);
        assertThat(done.state()).isEqualTo("success");
        assertThat(states(client.taskInstances(DAG, done.runId())).values()).allMatch(s -> s.equals("success")
                || s.equals("skipped"));
        assertThat(callsFor("2024-03-02")).containsExactly("archive_check 2024-03-02", "batch 2024-03-02",
                "batch 2024-03-02", "reconcile 2024-03-02", "verify_final 2024-03-02", "export 2024-03-02",
                "late_days 2024-03-02");
        assertThat(client.clearFailed(DAG, done.runId(), true)).isEmpty();
        System.out.printf("[measure] fail -> clear -> success: %.1f s%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    }

    @Test
    void backfillsTwoDays() throws IOException {
        Instant t0 = Instant.now();
        LocalDate from = LocalDate.of(2024, 2, 1);
        LocalDate to = LocalDate.of(2024, 2, 2);
        Backfill b = client.backfill(DAG, from, to, Map.of("rerun_late_days", false), "none", 2);
        assertThat(b.id()).isPositive();
        Backfill done = client.awaitBackfill(b.id(), RUN_TIMEOUT, POLL);
        assertThat(done.isCompleted()).isTrue();
        List<DagRun> runs = client.runs(DAG, from, to);
        assertThat(runs).extracting(r -> r.logicalDate().substring(0, 10)).containsExactly("2024-02-01", "2024-02-02");
        assertThat(runs).allMatch(r -> r.runType().equals("backfill") && r.isSuccess());
        for (String d : List.of("2024-02-01", "2024-02-02")) {
            assertThat(callsFor(d)).containsExactly("archive_check " + d, "batch " + d, "reconcile " + d, "verify_final " + d,
                    "export " + d);
        }
        // The same range again through the CLI (reprocess none): a backfill that creates no run, nothing re-runs.
        StringWriter out = new StringWriter();
        assertThat(cli(out, "backfill", "--from", "2024-02-01", "--to", "2024-02-02", "--wait")).isZero();
        assertThat(out.toString()).contains("backfill ", "2024-02-01..2024-02-02");
        assertThat(client.runs(DAG, from, to)).extracting(DagRun::runId)
                .containsExactlyElementsOf(runs.stream().map(DagRun::runId).toList());
        for (String d : List.of("2024-02-01", "2024-02-02")) {
            assertThat(callsFor(d)).hasSize(5);
        }
        System.out.printf("[measure] backfill of 2 days: %.1f s%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    }

    private static Map<String, String> states(List<TaskInstance> tis) {
        return tis.stream().collect(java.util.stream.Collectors.toMap(TaskInstance::name,
                t -> t.state() == null ? "none" : t.state()));
    }

    private static int cli(StringWriter out, String... args) throws IOException {
        return cli(out, new StringWriter(), args);
    }

    private static int cli(StringWriter out, StringWriter err, String... args) throws IOException {
        Path creds = fakeHome.resolve("airflow.properties");
        Map<String, String> env = airflow.cliEnvironment();
        Files.writeString(creds, "url=" + env.get("RECKON_AIRFLOW_URL") + "\nusername=" + env.get("RECKON_AIRFLOW_USERNAME")
                + "\npassword=" + env.get("RECKON_AIRFLOW_PASSWORD") + "\n");
        CommandLine cl = OrchestrationMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] full = Stream.concat(Stream.of("airflow", "--credentials-file", creds.toString()), Stream.of(args))
                .toArray(String[]::new);
        int code = cl.execute(full);
        System.out.print(out);
        System.out.print(err);
        return code;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
