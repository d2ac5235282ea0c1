package io.reckon.orchestration.nightly;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the nightly chain records of one day's run ({@code <state dir>/<day>.json}), from which a run resumes: the
 * run's status and each step's. The JSON names are those the chain has always written, so a state file of an older
 * version loads; a newer version's fields are kept as they are and written back, and a status this version does not
 * know reads as {@link Status#UNKNOWN} (never done, so that step runs again).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"date", "created_at", "status", "finished_at", "error", "late_days", "steps"})
public final class NightlyState extends KeepsUnknownFields {
    public enum Status {
        @JsonProperty("running") RUNNING,
        @JsonProperty("done") DONE,
        @JsonProperty("failed") FAILED,
        /** A status written by another version of the chain. */
        @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
    }

    /** One step: its status, when it ran, and the pid of its command while it runs. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"status", "started_at", "pid", "pid_started_at", "seconds", "finished_at", "error"})
    public static final class Step extends KeepsUnknownFields {
        @JsonProperty("status") public Status status;
        @JsonProperty("started_at") public String startedAt;
        /** The step's command, recorded so that a resumed run can tell whether it outlived a killed run. */
        @JsonProperty("pid") public Long pid;
        @JsonProperty("pid_started_at") public String pidStartedAt;
        @JsonProperty("seconds") public Double seconds;
        @JsonProperty("finished_at") public String finishedAt;
        @JsonProperty("error") public String error;
    }

    @JsonProperty("date") public String date;
    @JsonProperty("created_at") public String createdAt;
    @JsonProperty("status") public Status status;
    @JsonProperty("finished_at") public String finishedAt;
    @JsonProperty("error") public String error;
    /** The earlier days the late_days step found reopened, re-run in order. */
    @JsonProperty("late_days") public List<String> lateDays = new ArrayList<>();
    @JsonProperty("steps") public Map<String, Step> steps = new LinkedHashMap<>();

    /** A day not run yet. */
    static NightlyState fresh(LocalDate day) {
        NightlyState s = new NightlyState();
        s.date = day.toString();
        s.createdAt = Instant.now().toString();
        return s;
    }

    /** The step's record, or null if it never started. */
    public Step step(String name) {
        return steps.get(name);
    }

    boolean isDone(String step) {
        Step s = steps.get(step);
        return s != null && s.status == Status.DONE;
    }

    /** A new record of {@code name} as running from now (replacing a failed or interrupted one). */
    Step start(String name) {
        Step s = new Step();
        s.status = Status.RUNNING;
        s.startedAt = Instant.now().toString();
        steps.put(name, s);
        return s;
    }
}
