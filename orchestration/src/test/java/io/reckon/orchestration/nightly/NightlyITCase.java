package io.reckon.orchestration.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.orchestration.airflow.AirflowClient;
import io.reckon.orchestration.airflow.DagRun;
import io.reckon.orchestration.airflow.LocalAirflow;
import io.reckon.orchestration.airflow.TaskInstance;
import io.reckon.orchestration.airflow.TriggerResult;
import io.reckon.demo.DayNumbers;
import io.reckon.demo.EndToEndDemo;
import io.reckon.demo.ReckonCommands;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real nightly chain on the local stack (issue #7): two past days of troubled traffic go through the real speed
 * layer until the archive marks all their hours complete; then
 * <ol>
 *   <li>{@code bin/reckon nightly} for the first day is killed between steps (batch done, reconcile running), a second
 *   run meanwhile is refused, a resumed run is refused while the killed run's command is still alive, and once it is
 *   gone the resumed run skips batch, reconciles, verifies and finishes; Pinot equals the generator's ground truth for
 *   every key; a third run is a no-op;</li>
 *   <li>a real Airflow runs the reckon_nightly DAG for the second day with the real default commands.</li>
 * </ol>
 * Everything runs on a pipeline of the test's own ({@link StackEndpoints#newPipeline}): the commands, the chain and
 * the DAG's tasks get its data directory as {@code RECKON_DATA_DIR}, and with it its topics, tables and database.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyITCase {
    private static final int COUNT = 3000;
    private static final int RATE = 1000;
    private static final String DAG = "reckon_nightly";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path home;
    private static StackEndpoints pipeline;
    private static EndToEndDemo demo;
    private static LocalDate day;
    private static LocalDate dagDay;
    private static Path work;
    private static Path stateDir;
    private static Path[] truthFiles;

    @BeforeAll
    static void prepareTwoDays(StackEndpoints stack) throws Exception {
        pipeline = stack.newPipeline("nightly");
        home = pipeline.home();
        demo = new EndToEndDemo(home, pipeline.dataDir(), System.out);
        day = unusedDays();
        dagDay = day.plusDays(1);
        work = pipeline.dataDir().resolve("nightly-it").resolve(day.toString());
        deleteRecursively(work);
        stateDir = Files.createDirectories(work.resolve("state"));
        System.out.println("[nightly-it] days " + day + " (nightly chain) and " + dagDay + " (Airflow); files in " + work);

        Instant t0 = Instant.now();
        ProcessHandle startedHere = demo.startSpeedLayerUnlessRunning().orElse(null);
        try {
            long seed = day.toEpochDay() * 10;
            demo.generateDay("nightly-it-day", day, COUNT, RATE, seed, work.resolve("day"));
            demo.generateDay("nightly-it-dag-day", dagDay, COUNT, RATE, seed + 1, work.resolve("dag-day"));
            // Event time past the second day's end, so its last hour can be marked complete.
            demo.generateNextDayStart("nightly-it-next-day", dagDay.plusDays(1), seed + 2, work.resolve("next-day"));
            demo.awaitArchiveComplete(day, Duration.ofMinutes(10));
            demo.awaitArchiveComplete(dagDay, Duration.ofMinutes(10));
            // Not waiting for the speed layer's rows in Pinot: the chain works from the archive, and reconciliation
            // makes Pinot exact whatever the speed layer got right.
        } finally {
            // Reconciliation publishes to Kafka for Pinot directly; the speed layer is not needed any more and its
            // JVM would only compete for the two cores.
            if (startedHere != null) {
                demo.stopSpeedLayer(startedHere);
            }
        }
        // Every generator run's ground truth, each restricted to the day asked for: runs use distinct seeds, and a
        // run's conflicting or very late events can land on the day before its own.
        truthFiles = Stream.of("day", "dag-day", "next-day")
                .map(d -> work.resolve(d).resolve("truth").resolve("ad_stats_minute.csv")).toArray(Path[]::new);
        System.out.printf("[measure] two days generated through the speed layer, archive complete, Pinot settled: %.0f s%n",
                seconds(t0));
    }

    @AfterAll
    static void keepOrClean() {
        System.out.println("[nightly-it] logs and state in " + work);
    }

    @Test
    @Order(1)
    void killedBetweenStepsTheChainResumesWithoutRedoingBatchAndFinalizesTheDay() throws Exception {
        DayNumbers truth = DayNumbers.truth(day, truthFiles);
        assertThat(truth.rows()).hasSizeGreaterThan(100);
        Path state = stateDir.resolve(day + ".json");

        // 1. A run whose reconcile blocks: killed once the state shows batch done and reconcile running.
        Instant t0 = Instant.now();
        Process first = nightly("first", day, Map.of("RECKON_RECONCILE_COMMAND", "sh -c 'echo reconcile blocks; exec sleep 900'"));
        await(Duration.ofMinutes(20), "batch done and reconcile running in " + state, first, () -> {
            JsonNode s = readState(state);
            return "done".equals(s.path("steps").path("batch").path("status").asText())
                    && "running".equals(s.path("steps").path("reconcile").path("status").asText())
                    && s.path("steps").path("reconcile").has("pid");
        });
        System.out.printf("[measure] first run: archive_check + batch done after %.0f s (batch %.0f s)%n", seconds(t0),
                readState(state).path("steps").path("batch").path("seconds").asDouble());

        // Meanwhile a second run of the same day is refused (the per-day lock), in one line.
        Process concurrent = nightly("concurrent", day, Map.of());
        assertThat(concurrent.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(concurrent.exitValue()).as(log("concurrent")).isEqualTo(1);
        assertThat(nonBlankLines("concurrent")).singleElement().asString()
                .contains("another nightly run of " + day + " is in progress");

        // Kill the chain (SIGKILL: no chance to clean up); its reconcile command is orphaned, still running.
        List<ProcessHandle> orphans = first.descendants().toList();
        assertThat(orphans).isNotEmpty();
        first.destroyForcibly();
        assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();
        long reconcilePid = readState(state).path("steps").path("reconcile").path("pid").asLong();
        assertThat(orphans).extracting(ProcessHandle::pid).contains(reconcilePid);
        assertThat(ProcessHandle.of(reconcilePid).map(ProcessHandle::isAlive)).contains(true);

        // Resuming now would run reconcile beside the orphan: refused, in one line.
        Process tooEarly = nightly("resume-while-orphan", day, Map.of());
        assertThat(tooEarly.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(tooEarly.exitValue()).as(log("resume-while-orphan")).isEqualTo(1);
        assertThat(nonBlankLines("resume-while-orphan")).singleElement().asString()
                .contains("step reconcile of " + day + " is still running as pid " + reconcilePid);

        for (ProcessHandle orphan : orphans) {
            orphan.destroyForcibly();
            orphan.onExit().get(1, TimeUnit.MINUTES);
        }

        // 2. Resumed with the real default commands.
        Instant t1 = Instant.now();
        Process resumed = nightly("resumed", day, Map.of());
        assertThat(resumed.waitFor(20, TimeUnit.MINUTES)).as("resumed run finished; " + log("resumed")).isTrue();
        assertThat(resumed.exitValue()).as(log("resumed")).isZero();
        double resumedSeconds = seconds(t1);
        String out = log("resumed");
        assertThat(out).contains("nightly " + day + ": archive_check already done, skipped",
                "nightly " + day + ": batch already done, skipped",
                "nightly " + day + ": reconcile ...", "nightly " + day + ": verify_final ...",
                "nightly " + day + ": export ...", "nightly " + day + ": late_days ...", "nightly " + day + ": done");
        assertThat(out).doesNotContain("nightly " + day + ": batch ...");
        JsonNode s = readState(state);
        assertThat(s.path("status").asText()).isEqualTo("done");
        for (String step : NightlyChain.STEPS) {
            assertThat(s.path("steps").path(step).path("status").asText()).as(step).isEqualTo("done");
        }
        System.out.printf("[measure] resumed run: %.0f s (reconcile %.0f s, verify_final %.0f s, late_days %.0f s)%n",
                resumedSeconds, s.path("steps").path("reconcile").path("seconds").asDouble(),
                s.path("steps").path("verify_final").path("seconds").asDouble(),
                s.path("steps").path("late_days").path("seconds").asDouble());

        assertThat(batchRunStatuses(day)).as("batch_runs of " + day).containsExactly("SUCCEEDED");
        assertThat(verifyFinal(day)).as("reconcile --verify-final " + day).isZero();
        assertExported(day);
        assertPinotEqualsTruth(day, truth);

        // 3. A third run is a no-op.
        Process third = nightly("third", day, Map.of());
        assertThat(third.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(third.exitValue()).as(log("third")).isZero();
        List<String> lines = nonBlankLines("third");
        assertThat(lines).filteredOn(l -> l.endsWith(" ...")).as("steps started by the third run").isEmpty();
        int lateDays = readState(state).path("late_days").size();
        assertThat(lines).filteredOn(l -> l.endsWith("already done, skipped"))
                .as("every step of the day and of its " + lateDays + " late day(s)")
                .hasSize(NightlyChain.STEPS.size() + lateDays * NightlyChain.RERUN_STEPS.size());
        assertThat(batchRunStatuses(day)).containsExactly("SUCCEEDED");
    }

    @Test
    @Order(2)
    void airflowRunsTheDagForADayWithTheRealCommands() throws Exception {
        DayNumbers truth = DayNumbers.truth(dagDay, truthFiles);
        assertThat(truth.rows()).hasSizeGreaterThan(100);
        Path cache = Path.of(System.getProperty("reckon.airflow.venv.cache",
                System.getProperty("user.home") + "/.cache/reckon"));
        Path afWork = pipeline.dataDir().resolve("airflow-nightly-it");
        deleteRecursively(afWork);
        Files.createDirectories(afWork);
        LocalAirflow airflow = LocalAirflow.start(home, cache, afWork, home.resolve("orchestration/airflow/dags"), Map.of(
                // What the tasks need: the reckon installation (this checkout) and the stack's data directory.
                "RECKON_HOME", home.toString(),
                "RECKON_DATA_DIR", pipeline.dataDir().toString(),
                "RECKON_NO_BUILD", "1", // inside a Maven build: never run Maven under Maven
                "RECKON_NIGHTLY_START_DATE", dagDay.toString(),
                "RECKON_NIGHTLY_CATCHUP", "false",
                "RECKON_NIGHTLY_RETRIES", "0",
                "RECKON_ARCHIVE_POKE_SECONDS", "5",
                "RECKON_ARCHIVE_TIMEOUT_SECONDS", "600",
                // Only the run triggered here: no scheduled run for yesterday against the shared stack.
                "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE", "False"));
        List<Long> groups = airflow.processGroups();
        try {
            System.out.printf("[measure] Airflow start (venv %.1f s, migrate + processes healthy %.1f s)%n",
                    airflow.venvTime.toMillis() / 1000.0, airflow.startTime.toMillis() / 1000.0);
            AirflowClient client = airflow.client();
            airflow.awaitDag(client, DAG);
            client.setPaused(DAG, false);

            Instant t0 = Instant.now();
            TriggerResult triggered = client.trigger(DAG, dagDay, Map.of(), null);
            assertThat(triggered.created()).isTrue();
            DagRun run = client.awaitRun(DAG, triggered.run().runId(), Duration.ofMinutes(25), Duration.ofSeconds(2), null);
            double runSeconds = seconds(t0);
            List<TaskInstance> tis = client.taskInstances(DAG, run.runId());
            for (TaskInstance ti : tis) {
                System.out.printf("[measure] DAG task %-22s %-8s %6.1f s%n", ti.name(), ti.state(),
                        ti.durationSeconds() == null ? Double.NaN : ti.durationSeconds());
            }
            System.out.printf("[measure] DAG run for %s: trigger -> %s in %.0f s%n", dagDay, run.state(), runSeconds);
            assertThat(run.state()).as("run state; task logs under " + afWork.resolve("logs") + "; tasks " + tis)
                    .isEqualTo("success");
            assertThat(tis).extracting(TaskInstance::taskId).contains("wait_archive_complete", "batch", "reconcile",
                    "verify_final", "export", "find_late_days", "rerun_late_day");
            assertThat(tis).filteredOn(t -> !t.taskId().equals("rerun_late_day"))
                    .allSatisfy(t -> assertThat(t.state()).as(t.name()).isEqualTo("success"));
            // With no late day the mapped task has nothing to map over and is skipped; with some, each succeeded.
            assertThat(tis).filteredOn(t -> t.taskId().equals("rerun_late_day"))
                    .allSatisfy(t -> assertThat(t.state()).as(t.name()).isIn("success", "skipped"));

            assertThat(batchRunStatuses(dagDay)).as("batch_runs of " + dagDay).containsExactly("SUCCEEDED");
            assertThat(verifyFinal(dagDay)).as("reconcile --verify-final " + dagDay).isZero();
            assertExported(dagDay);
            assertPinotEqualsTruth(dagDay, truth);
        } finally {
            airflow.close();
            assertThat(groups).noneMatch(LocalAirflow::groupAlive);
        }
    }

    // ---- helpers ----

    /** {@code bin/reckon nightly --date D} as a separate process, on this test's state directory. */
    private static Process nightly(String name, LocalDate d, Map<String, String> env) throws IOException {
        List<String> command = List.of(home.resolve("bin/reckon").toString(), "nightly", "--date", d.toString(),
                "--state-dir", stateDir.toString(), "--archive-poll-seconds", "5", "--archive-timeout-minutes", "10");
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("RECKON_") && k.endsWith("_COMMAND"));
        pb.environment().put("RECKON_DATA_DIR", pipeline.dataDir().toString());
        pb.environment().put("RECKON_NO_BUILD", "1"); // inside a Maven build: never run Maven under Maven
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String log(String name) {
        try {
            return Files.readString(work.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static List<String> nonBlankLines(String name) {
        return log(name).lines().filter(l -> !l.isBlank()).toList();
    }

    private static JsonNode readState(Path state) {
        try {
            return Files.exists(state) ? JSON.readTree(state.toFile()) : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode(); // read between the writer's rename steps: ask again
        }
    }

    /** The export step left finance's file and its manifest for the day's FINAL version. */
    private static void assertExported(LocalDate d) throws IOException {
        Path dir = pipeline.dataDir().resolve("exports").resolve("billing").resolve(d.toString());
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).as("exports of " + d)
                    .hasSize(2).allMatch(n -> n.startsWith("billing_" + d + "_v"))
                    .anyMatch(n -> n.endsWith(".csv")).anyMatch(n -> n.endsWith(".json"));
        }
    }

    private static int verifyFinal(LocalDate d) {
        ReckonCommands reckon = demo.commands();
        return reckon.run("nightly-it-verify-" + d, Duration.ofMinutes(10), "reconcile", "--date", d.toString(),
                "--verify-final");
    }

    private static void assertPinotEqualsTruth(LocalDate d, DayNumbers truth) {
        DayNumbers pinot = demo.pinot().read(d);
        assertThat(pinot.differingKeys(truth)).as("keys of " + d + " where Pinot differs from the ground truth").isZero();
        assertThat(pinot.rows()).containsOnlyKeys(truth.rows().keySet());
        pinot.versions().forEach((key, version) ->
                assertThat(version).as("version of %s: a batch version (2^62 + sequence)", key).isGreaterThan(1L << 62));
    }

    /** The statuses of the day's batch_runs rows, through HiveServer2. */
    private static List<String> batchRunStatuses(LocalDate d) throws SQLException {
        String table = demo.names().hiveDatabase() + ".batch_runs";
        try (Connection c = DriverManager.getConnection(pipeline.hiveJdbcUrl(), "reckon", "");
             Statement s = c.createStatement()) {
            s.execute("REFRESH TABLE " + table); // the Thrift server caches file listings
            List<String> statuses = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT status FROM " + table + " WHERE dt = '" + d + "'")) {
                while (rs.next()) {
                    statuses.add(rs.getString(1));
                }
            }
            return statuses;
        }
    }

    /** A past day D such that D-1 .. D+2 have nothing in the archive (the generated traffic is then the whole truth). */
    private static LocalDate unusedDays() {
        Set<String> used = demo.archivedDays();
        LocalDate d = LocalDate.now(ZoneOffset.UTC).minusDays(4);
        while (true) {
            LocalDate candidate = d;
            if (Stream.of(-1, 0, 1, 2).noneMatch(i -> used.contains(candidate.plusDays(i).toString()))) {
                return d;
            }
            d = d.minusDays(1);
        }
    }

    private static void await(Duration timeout, String what, Process mustStayAlive, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(mustStayAlive.isAlive()).as("process still running while waiting for " + what).isTrue();
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(250); // poll interval
        }
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
