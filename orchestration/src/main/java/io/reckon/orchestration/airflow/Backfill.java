package io.reckon.orchestration.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** A backfill (Airflow 3): the runs it creates are listed with {@link AirflowClient#runs}. */
public record Backfill(long id, String dagId, String fromDate, String toDate, String reprocessBehavior,
                       int maxActiveRuns, boolean paused, String createdAt, String completedAt) {

    static Backfill from(JsonNode n) {
        return new Backfill(n.path("id").asLong(), Json.text(n, "dag_id"), Json.text(n, "from_date"),
                Json.text(n, "to_date"), Json.text(n, "reprocess_behavior"), n.path("max_active_runs").asInt(),
                n.path("is_paused").asBoolean(false), Json.text(n, "created_at"), Json.text(n, "completed_at"));
    }

    /** The scheduler has created (and finished) every run of the backfill. */
    public boolean isCompleted() {
        return completedAt != null;
    }
}
