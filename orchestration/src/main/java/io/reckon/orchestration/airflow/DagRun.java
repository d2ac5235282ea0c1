package io.reckon.orchestration.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** A DAG run as Airflow reports it. Dates are ISO-8601 strings as Airflow sends them (null when unset). */
public record DagRun(String dagId, String runId, String logicalDate, String state, String runType,
                     String startDate, String endDate, JsonNode conf) {

    static DagRun from(JsonNode n) {
        return new DagRun(Json.text(n, "dag_id"), Json.text(n, "dag_run_id"), Json.text(n, "logical_date"),
                Json.text(n, "state"), Json.text(n, "run_type"), Json.text(n, "start_date"), Json.text(n, "end_date"),
                n.path("conf"));
    }

    /** Success or failed: the run will not change state by itself any more. */
    public boolean isFinished() {
        return "success".equals(state) || "failed".equals(state);
    }

    public boolean isSuccess() {
        return "success".equals(state);
    }
}
