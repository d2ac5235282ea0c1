package io.reckon.orchestration.airflow;

import com.fasterxml.jackson.core.type.TypeReference;
import io.reckon.cli.Durations;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/reckon airflow trigger|status|backfill|clear}: drives the reckon_nightly DAG through Airflow's REST API.
 * Exit codes: 0 done / run succeeded, 1 Airflow error, 2 bad arguments, 3 run not finished yet, 4 run failed.
 */
@Command(name = "airflow", mixinStandardHelpOptions = true,
        description = {"Drive the reckon_nightly DAG through Airflow 3's REST API (/api/v2, JWT from /auth/token).",
                "Credentials: RECKON_AIRFLOW_URL, RECKON_AIRFLOW_USERNAME, RECKON_AIRFLOW_PASSWORD "
                        + "(or RECKON_AIRFLOW_TOKEN), or a properties file (url, username, password) named by "
                        + "--credentials-file or RECKON_AIRFLOW_CREDENTIALS_FILE.",
                "Exit codes: 0 ok / run succeeded, 1 Airflow error, 2 bad arguments, 3 run not finished, 4 run failed."},
        subcommands = {AirflowCommand.Trigger.class, AirflowCommand.Status.class, AirflowCommand.BackfillCmd.class,
                AirflowCommand.Clear.class})
public final class AirflowCommand {
    public static final int NOT_FINISHED = 3;
    public static final int RUN_FAILED = 4;

    @Option(names = "--url", paramLabel = "URL", scope = CommandLine.ScopeType.INHERIT,
            description = "Airflow's base URL (default: RECKON_AIRFLOW_URL, else " + AirflowSettings.DEFAULT_URL + ").")
    String url;

    @Option(names = "--credentials-file", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Properties file with url, username, password (or token).")
    Path credentialsFile;

    @Option(names = "--dag", paramLabel = "DAG_ID", defaultValue = "reckon_nightly", scope = CommandLine.ScopeType.INHERIT,
            description = "The DAG (default: ${DEFAULT-VALUE}).")
    String dagId;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    AirflowClient client() {
        return new AirflowClient(AirflowSettings.resolve(System.getenv(), credentialsFile, url));
    }

    static LocalDate day(String value, String option) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be a day YYYY-MM-DD, got '" + value + "'");
        }
    }

    /** The one duration format ({@link Durations}); a bare number is seconds here, as it always was. */
    static Duration duration(String value, String option) {
        try {
            return Durations.parse(value, ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    static Map<String, Object> conf(String json, Path file) {
        String text = json;
        if (file != null) {
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --conf-file " + file + ": " + e.getMessage());
            }
        }
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("--conf must be a JSON object: " + e.getOriginalMessage());
        }
    }

    static void printRun(PrintWriter out, DagRun run) {
        out.printf("%s  run %s  logical date %s  %s%n", run.dagId(), run.runId(),
                run.logicalDate() == null ? "-" : run.logicalDate().substring(0, Math.min(10, run.logicalDate().length())),
                run.state());
    }

    static void printTasks(PrintWriter out, List<TaskInstance> tasks) {
        for (TaskInstance t : tasks) {
            out.printf("  %-28s %-16s try %d/%d  %s%n", t.name(), t.state() == null ? "none" : t.state(),
                    t.tryNumber(), t.maxTries() + 1,
                    t.durationSeconds() == null ? "" : String.format(Locale.ROOT, "%.1f s", t.durationSeconds()));
        }
    }

    static int exitCode(DagRun run) {
        return run.isSuccess() ? 0 : run.isFinished() ? RUN_FAILED : NOT_FINISHED;
    }

    /** One run: by day (its deterministic run id) or by explicit run id. */
    static final class RunRef {
        @Option(names = "--date", paramLabel = "YYYY-MM-DD", required = true, description = "The day of the run.")
        String date;

        @Option(names = "--run-id", paramLabel = "ID", required = true, description = "An explicit run id.")
        String runId;

        String resolve() {
            return runId != null ? runId : AirflowClient.runIdFor(day(date, "--date"));
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Trigger the run for a day (run id nightly__DAY; an existing run is reported, not an error).")
    static final class Trigger implements Callable<Integer> {
        @ParentCommand
        AirflowCommand parent;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", required = true, description = "The day to finalize.")
        String date;

        @Option(names = "--conf", paramLabel = "JSON", description = "Run parameters (dag_run.conf), a JSON object, "
                + "e.g. '{\"force\": true, \"hours\": \"0-11\"}'.")
        String conf;

        @Option(names = "--conf-file", paramLabel = "FILE", description = "Run parameters from a JSON file.")
        Path confFile;

        @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: nightly__DAY).")
        String runId;

        @Option(names = "--wait", description = "Wait until the run has finished; exit 4 if it failed.")
        boolean waitForRun;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "6h",
                description = "With --wait: how long to wait (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() {
            LocalDate day = day(date, "--date");
            Map<String, Object> c = conf(conf, confFile);
            Duration t = duration(timeout, "--timeout");
            AirflowClient client = parent.client();
            PrintWriter out = parent.spec.commandLine().getOut();
            TriggerResult result = client.trigger(parent.dagId, day, c, runId);
            out.println(result.created() ? "triggered:" : "already triggered:");
            printRun(out, result.run());
            if (!waitForRun) {
                return 0;
            }
            DagRun run = client.awaitRun(parent.dagId, result.run().runId(), t, Duration.ofSeconds(5),
                    r -> { out.println("  ... " + r.state()); out.flush(); });
            printRun(out, run);
            printTasks(out, client.taskInstances(parent.dagId, run.runId()));
            return exitCode(run);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show a run and its task instances; exit 0 success, 3 not finished, 4 failed.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        AirflowCommand parent;

        @ArgGroup(exclusive = true, multiplicity = "1")
        RunRef ref;

        @Override
        public Integer call() {
            AirflowClient client = parent.client();
            PrintWriter out = parent.spec.commandLine().getOut();
            String id = ref.resolve();
            DagRun run = client.findRun(parent.dagId, id).orElseThrow(() ->
                    new AirflowException(404, "no run " + id + " of " + parent.dagId + " (trigger it first)"));
            printRun(out, run);
            printTasks(out, client.taskInstances(parent.dagId, id));
            return exitCode(run);
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Backfill the days FROM..TO (inclusive) through Airflow's backfill API.")
    static final class BackfillCmd implements Callable<Integer> {
        @ParentCommand
        AirflowCommand parent;

        @Option(names = "--from", paramLabel = "YYYY-MM-DD", required = true, description = "First day.")
        String from;

        @Option(names = "--to", paramLabel = "YYYY-MM-DD", required = true, description = "Last day (inclusive).")
        String to;

        @Option(names = "--reprocess", paramLabel = "none|failed|completed", defaultValue = "none",
                description = "Days that already have a run: none = skip them, failed = redo failed ones, "
                        + "completed = redo all (default: ${DEFAULT-VALUE}).")
        String reprocess;

        @Option(names = "--max-active-runs", paramLabel = "N", defaultValue = "1",
                description = "Runs of the backfill at a time (default: ${DEFAULT-VALUE}).")
        int maxActiveRuns;

        @Option(names = "--conf", paramLabel = "JSON", description = "Run parameters for every run (JSON object).")
        String conf;

        @Option(names = "--wait", description = "Wait until every run has finished; exit 4 if one failed.")
        boolean waitForRuns;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "24h",
                description = "With --wait: how long to wait (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() {
            LocalDate f = day(from, "--from");
            LocalDate t = day(to, "--to");
            if (t.isBefore(f)) {
                throw new IllegalArgumentException("--to " + t + " is before --from " + f);
            }
            if (!List.of("none", "failed", "completed").contains(reprocess)) {
                throw new IllegalArgumentException("--reprocess must be none, failed or completed, got '" + reprocess + "'");
            }
            if (maxActiveRuns < 1) {
                throw new IllegalArgumentException("--max-active-runs must be at least 1");
            }
            Map<String, Object> c = conf(conf, null);
            Duration wait = duration(timeout, "--timeout");
            AirflowClient client = parent.client();
            PrintWriter out = parent.spec.commandLine().getOut();
            Backfill b = client.backfill(parent.dagId, f, t, c, reprocess, maxActiveRuns);
            out.printf("backfill %d of %s: %s..%s (reprocess %s, %d at a time)%n", b.id(), b.dagId(), f, t,
                    b.reprocessBehavior(), b.maxActiveRuns());
            if (!waitForRuns) {
                return 0;
            }
            client.awaitBackfill(b.id(), wait, Duration.ofSeconds(5));
            List<DagRun> runs = client.runs(parent.dagId, f, t);
            runs.forEach(r -> printRun(out, r));
            return runs.stream().allMatch(DagRun::isSuccess) ? 0 : RUN_FAILED;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Clear the failed tasks of a run so Airflow runs them (and what follows) again.")
    static final class Clear implements Callable<Integer> {
        @ParentCommand
        AirflowCommand parent;

        @ArgGroup(exclusive = true, multiplicity = "1")
        RunRef ref;

        @Option(names = "--dry-run", description = "Only list what would be cleared.")
        boolean dryRun;

        @Override
        public Integer call() {
            AirflowClient client = parent.client();
            PrintWriter out = parent.spec.commandLine().getOut();
            String id = ref.resolve();
            client.findRun(parent.dagId, id).orElseThrow(() ->
                    new AirflowException(404, "no run " + id + " of " + parent.dagId));
            List<TaskInstance> cleared = client.clearFailed(parent.dagId, id, dryRun);
            if (cleared.isEmpty()) {
                out.println("nothing to clear in run " + id + " (no failed task)");
                return 0;
            }
            out.println((dryRun ? "would clear" : "cleared") + " in run " + id + ":");
            printTasks(out, cleared);
            return 0;
        }
    }
}
