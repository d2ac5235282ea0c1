package io.reckon.orchestration.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * A client of Airflow 3's public REST API ({@code /api/v2}), authenticated with a JWT from {@code POST /auth/token}
 * (renewed once on a 401). No Airflow Java library exists; this covers what reckon's nightly run needs: trigger a
 * run for a day with a deterministic run id, observe it, list its task instances, clear its failed tasks, backfill
 * a range of days. Uses the JDK HttpClient on HTTP/1.1 and Jackson. Credentials never appear in messages.
 */
public final class AirflowClient {
    /** The run id reckon gives the run of a DAG for a day, so that triggering twice finds the first run. */
    public static String runIdFor(LocalDate day) {
        return "nightly__" + day;
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int PAGE = 100;

    private final AirflowSettings settings;
    private final HttpClient http;
    private volatile String token;

    public AirflowClient(AirflowSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.token = settings.token();
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

    // ------------------------------------------------------------------------------------------------- HTTP

    private List<JsonNode> paged(String path, String field, Map<String, String> query) {
        List<JsonNode> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("limit", String.valueOf(PAGE));
            q.put("offset", String.valueOf(offset));
            JsonNode page = send("GET", path + queryString(q), null);
            JsonNode items = page.path(field);
            items.forEach(out::add);
            long total = page.path("total_entries").asLong(-1);
            if (items.size() < PAGE || (total >= 0 && out.size() >= total)) {
                return out;
            }
        }
    }

    private JsonNode send(String method, String path, JsonNode body) {
        if (token == null) {
            login();
        }
        HttpResponse<String> response = exchange(method, path, body, true);
        if (response.statusCode() == 401 && settings.username() != null) {
            login(); // expired token: renew once
            response = exchange(method, path, body, true);
        }
        // 503: Airflow could not serve it now, e.g. "Database is locked" from a SQLite metadata database under
        // concurrent access. Nothing was done, so it is asked again, a few times with a growing pause.
        for (int retry = 0; response.statusCode() == 503 && retry < UNAVAILABLE_RETRIES; retry++) {
            try {
                Thread.sleep(unavailablePause.toMillis() << retry);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AirflowException("interrupted while calling Airflow", e);
            }
            response = exchange(method, path, body, true);
        }
        return parse(method, path, response);
    }

    /** Retries of a call Airflow answered 503 to; the first pause doubles with each (0.5+1+2+4+8 s in all). */
    static final int UNAVAILABLE_RETRIES = 5;
    private Duration unavailablePause = Duration.ofMillis(500);

    /** A shorter first pause (tests). */
    AirflowClient unavailablePause(Duration first) {
        this.unavailablePause = first;
        return this;
    }

    private synchronized void login() {
        if (settings.username() == null) {
            throw new AirflowException(401, "no credentials to obtain an Airflow token with");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("username", settings.username());
        body.put("password", settings.password());
        HttpResponse<String> response = exchange("POST", "/auth/token", body, false);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new AirflowException(response.statusCode(), "Airflow at " + settings.url()
                    + " refused the credentials of user '" + settings.username() + "' (" + response.statusCode() + ")");
        }
        String t = Json.text(parse("POST", "/auth/token", response), "access_token");
        if (t == null) {
            throw new AirflowException(response.statusCode(), "Airflow's /auth/token answered without access_token");
        }
        token = t;
    }

    private HttpResponse<String> exchange(String method, String path, JsonNode body, boolean authorized) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (authorized) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AirflowException("cannot reach Airflow at " + settings.url() + " (connection refused)", e);
        } catch (HttpTimeoutException e) {
            throw new AirflowException("Airflow at " + settings.url() + " did not answer " + method + " " + path
                    + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new AirflowException("cannot reach Airflow at " + settings.url() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowException("interrupted while calling Airflow", e);
        }
    }

    private static JsonNode parse(String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        String text = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            if (text.isBlank()) {
                return Json.MAPPER.createObjectNode();
            }
            try {
                return Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AirflowException(status, method + " " + path + ": Airflow answered with non-JSON: "
                        + abbreviate(text));
            }
        }
        throw new AirflowException(status, "Airflow answered " + status + " to " + method + " " + stripQuery(path)
                + ": " + detail(text));
    }

    /** Airflow's {@code detail}: a string, or a list of validation errors, or an object with a message. */
    static String detail(String text) {
        try {
            JsonNode d = Json.MAPPER.readTree(text).path("detail");
            if (d.isTextual()) {
                return d.asText();
            }
            if (d.isArray()) {
                StringJoiner j = new StringJoiner("; ");
                for (JsonNode e : d) {
                    StringJoiner loc = new StringJoiner(".");
                    e.path("loc").forEach(l -> loc.add(l.asText()));
                    j.add(loc + ": " + e.path("msg").asText());
                }
                return j.toString();
            }
            if (d.isObject()) {
                String reason = Json.text(d, "reason");
                String message = Json.text(d, "message");
                return reason != null ? reason : message != null ? message : d.toString();
            }
        } catch (JsonProcessingException ignored) {
            // not JSON: fall through
        }
        return abbreviate(text);
    }

    private static String write(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String midnight(LocalDate day) {
        return day + "T00:00:00Z";
    }

    private static String dagPath(String dagId) {
        return "/api/v2/dags/" + enc(dagId);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String queryString(Map<String, String> q) {
        StringJoiner j = new StringJoiner("&", "?", "");
        q.forEach((k, v) -> j.add(enc(k) + "=" + enc(v)));
        return j.toString();
    }

    private static String stripQuery(String path) {
        int i = path.indexOf('?');
        return i < 0 ? path : path.substring(0, i);
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
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
