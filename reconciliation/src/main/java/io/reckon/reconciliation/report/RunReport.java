package io.reckon.reconciliation.report;

import io.reckon.reconciliation.compare.DriftTally;

import java.util.SortedMap;

/**
 * Everything the human-readable report shows about one run.
 *
 * @param before the comparison before any correction (null if the run failed before it finished)
 * @param after  the re-comparison after the corrections became visible (null if there was none)
 */
public record RunReport(
        String runId,
        String day,
        Long runSequence,
        Long version,
        RunOutcome outcome,
        String pinotTable,
        String topic,
        String exactTable,
        String batchRunId,
        SortedMap<Integer, Long> lineage,
        DriftTally before,
        long correctionsPublished,
        Long visibleAfterMs,
        DriftTally after,
        Long finalVersion,
        Long previousFinalVersion,
        long startedAt,
        long finishedAt,
        String message) {
}
