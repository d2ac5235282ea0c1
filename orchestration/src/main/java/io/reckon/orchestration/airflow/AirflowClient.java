package io.reckon.orchestration.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A client of Airflow 3's public REST API ({@code /api/v2}), authenticated with a JWT from {@code POST /auth/token}
 * (renewed once on a 401). No Airflow Java library exists; this covers what reckon's nightly run needs: trigger a
 * run for a day with a deterministic run id, observe it, list its task instances, clear its failed tasks, backfill
 * a range of days. The HTTP side (bounded calls, the token, paging, errors as one line) is {@link AirflowHttp}.
 */
public final class AirflowClient {
    /** The run id reckon gives the run of a DAG for a day, so that triggering twice finds the first run. */
    public static String runIdFor(LocalDate day) {
        return "nightly__" + day;
    }

    private final AirflowSettings settings;
    private final AirflowHttp http;

    public AirflowClient(AirflowSettings settings) {
        this.settings = settings;
        this.http = new AirflowHttp(settings);
    }

    public URI url() {
        return settings.url();
    }

    // ------------------------------------------------------------------------------------------------- runs

    /**
     * Triggers a run of {@code dagId} for {@code day} (logical date = the day at 00:00 UTC, data interval the whole
     * day) with run id {@link #runIdFor}, or {@code runId} if given. If the run already exists (409), returns it with
     * {@code created = false}: triggering is idempotent. A 409 caused by another run holding the same logical date
     * also returns that run.
     */
    public TriggerResult trigger(String dagId, LocalDate day, Map<String, ?> conf, String runId) {
        String id = runId != null ? runId : runIdFor(day);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("dag_run_id", id);
        body.put("logical_date", midnight(day));
        body.put("data_interval_start", midnight(day));
        body.put("data_interval_end", midnight(day.plusDays(1)));
        body.set("conf", Json.MAPPER.valueToTree(conf == null ? Map.of() : conf));
        try {
            return new TriggerResult(DagRun.from(send("POST", dagPath(dagId) + "/dagRuns", body)), true);
        } catch (AirflowException e) {
            if (e.status() != 409) {
                throw e;
            }
            Optional<DagRun> existing = findRun(dagId, id);
            if (existing.isEmpty()) {
                existing = runs(dagId, day, day).stream().findFirst();
            }
            return new TriggerResult(existing.orElseThrow(() -> e), false);
        }
    }

    /** The run, or empty if Airflow does not know it (404). */
    public Optional<DagRun> findRun(String dagId, String runId) {
        try {
            return Optional.of(getRun(dagId, runId));
        } catch (AirflowException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public DagRun getRun(String dagId, String runId) {
        return DagRun.from(send("GET", dagPath(dagId) + "/dagRuns/" + enc(runId), null));
    }

    /** The runs of {@code dagId} whose logical date falls on the days {@code from..to} (inclusive), oldest first. */
    public List<DagRun> runs(String dagId, LocalDate from, LocalDate to) {
        List<DagRun> out = new ArrayList<>();
        for (JsonNode n : paged(dagPath(dagId) + "/dagRuns", "dag_runs", Map.of(
                "logical_date_gte", midnight(from),
                "logical_date_lt", midnight(to.plusDays(1)),
                "order_by", "logical_date"))) {
            out.add(DagRun.from(n));
        }
        return out;
    }

    /**
     * Polls the run every {@code poll} until it has finished (success or failed), reporting each change of state
     * to {@code progress}; fails when {@code timeout} passes first.
     */
    public DagRun awaitRun(String dagId, String runId, Duration timeout, Duration poll, Consumer<DagRun> progress) {
        Instant deadline = Instant.now().plus(timeout);
        String last = null;
        while (true) {
            DagRun run = getRun(dagId, runId);
            if (!run.state().equals(last)) {
                last = run.state();
                if (progress != null) {
                    progress.accept(run);
                }
            }
            if (run.isFinished()) {
                return run;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AirflowException(0, "run " + runId + " of " + dagId + " is still " + run.state()
                        + " after " + timeout.toSeconds() + " s");
            }
            pause(poll);
        }
    }

    // ---------------------------------------------------------------------------------------- task instances

    /** Every task instance of the run (mapped ones one per index). */
    public List<TaskInstance> taskInstances(String dagId, String runId) {
        List<TaskInstance> out = new ArrayList<>();
        for (JsonNode n : paged(dagPath(dagId) + "/dagRuns/" + enc(runId) + "/taskInstances", "task_instances",
                Map.of("order_by", "start_date"))) {
            out.add(TaskInstance.from(n));
        }
        return out;
    }

    /**
     * Clears the failed (and upstream-failed) task instances of a run so the scheduler runs them again, and puts the
     * run back to queued. Airflow's {@code dry_run} defaults to true, so it is always sent explicitly: with
     * {@code dryRun} true nothing changes and the result lists what would be cleared.
     */
    public List<TaskInstance> clearFailed(String dagId, String runId, boolean dryRun) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("dry_run", dryRun);
        body.put("dag_run_id", runId);
        body.put("only_failed", true);
        body.put("reset_dag_runs", true);
        body.put("include_downstream", true);
        JsonNode answer = send("POST", dagPath(dagId) + "/clearTaskInstances", body);
        List<TaskInstance> out = new ArrayList<>();
        for (JsonNode n : answer.path("task_instances")) {
            out.add(TaskInstance.from(n));
        }
        return out;
    }

    // --------------------------------------------------------------------------------------------- backfill

    /**
     * Starts a backfill (Airflow 3's backfill API): one run per scheduled day whose logical date lies in
     * {@code from..to} (inclusive); {@code reprocess} is none (only missing days), failed (also failed runs) or
     * completed (every day). Airflow allows one active backfill per DAG (409 otherwise).
     */
    public Backfill backfill(String dagId, LocalDate from, LocalDate to, Map<String, ?> conf, String reprocess,
                             int maxActiveRuns) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("backfill range is empty: " + from + " is after " + to);
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("dag_id", dagId);
        body.put("from_date", midnight(from));
        body.put("to_date", midnight(to));
        body.put("run_backwards", false);
        body.put("reprocess_behavior", reprocess == null ? "none" : reprocess);
        body.put("max_active_runs", maxActiveRuns);
        if (conf != null && !conf.isEmpty()) {
            body.set("dag_run_conf", Json.MAPPER.valueToTree(conf));
        }
        return Backfill.from(send("POST", "/api/v2/backfills", body));
    }

    public Backfill getBackfill(long id) {
        return Backfill.from(send("GET", "/api/v2/backfills/" + id, null));
    }

    /** Polls until the backfill is completed (every run created and finished), or fails after {@code timeout}. */
    public Backfill awaitBackfill(long id, Duration timeout, Duration poll) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Backfill b = getBackfill(id);
            if (b.isCompleted()) {
                return b;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AirflowException(0, "backfill " + id + " not completed after " + timeout.toSeconds() + " s");
            }
            pause(poll);
        }
    }

    // ----------------------------------------------------------------------------------------- dags, misc

    /** The DAG as Airflow knows it (404 until the dag-processor has parsed it). */
    public JsonNode getDag(String dagId) {
        return send("GET", dagPath(dagId), null);
    }

    public void setPaused(String dagId, boolean paused) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("is_paused", paused);
        send("PATCH", dagPath(dagId), body);
    }

    /** Creates or replaces an Airflow Variable (e.g. {@code reckon_batch_command}). */
    public void setVariable(String key, String value) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("key", key);
        body.put("value", value);
        try {
            send("POST", "/api/v2/variables", body);
        } catch (AirflowException e) {
            if (e.status() != 409) {
                throw e;
            }
            send("PATCH", "/api/v2/variables/" + enc(key), body);
        }
    }

    /** Airflow's version ({@code GET /api/v2/version}). */
    public String version() {
        return Json.text(send("GET", "/api/v2/version", null), "version");
    }

    static String midnight(LocalDate day) {
        return day + "T00:00:00Z";
    }

    private static String dagPath(String dagId) {
        return "/api/v2/dags/" + enc(dagId);
    }

    private static String enc(String s) {
        return AirflowHttp.enc(s);
    }

    /** Airflow's {@code detail} of an error answer, as one line. */
    static String detail(String text) {
        return AirflowHttp.detail(text);
    }

    /** Retries of a call Airflow answered 503 to ({@link AirflowHttp#UNAVAILABLE_RETRIES}). */
    static final int UNAVAILABLE_RETRIES = AirflowHttp.UNAVAILABLE_RETRIES;

    /** A shorter first pause before a 503 is asked again (tests). */
    AirflowClient unavailablePause(Duration first) {
        http.unavailablePause(first);
        return this;
    }

    private JsonNode send(String method, String path, JsonNode body) {
        return http.send(method, path, body);
    }

    private List<JsonNode> paged(String path, String field, Map<String, String> query) {
        return http.paged(path, field, query);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowException("interrupted while waiting for Airflow", e);
        }
    }
}
