package io.reckon.orchestration.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** A task instance of a run; {@code mapIndex} is -1 for an unmapped task. */
public record TaskInstance(String taskId, int mapIndex, String state, int tryNumber, int maxTries,
                           Double durationSeconds, String startDate, String endDate) {

    static TaskInstance from(JsonNode n) {
        JsonNode d = n.path("duration");
        return new TaskInstance(Json.text(n, "task_id"), n.path("map_index").asInt(-1), Json.text(n, "state"),
                n.path("try_number").asInt(0), n.path("max_tries").asInt(0),
                d.isNumber() ? d.asDouble() : null, Json.text(n, "start_date"), Json.text(n, "end_date"));
    }

    /** {@code task} or {@code task[3]} for a mapped one. */
    public String name() {
        return mapIndex < 0 ? taskId : taskId + "[" + mapIndex + "]";
    }
}
