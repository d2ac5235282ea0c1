package io.reckon.orchestration.airflow;

/** The run for a trigger: {@code created} is false when it already existed (Airflow answered 409). */
public record TriggerResult(DagRun run, boolean created) {
}
