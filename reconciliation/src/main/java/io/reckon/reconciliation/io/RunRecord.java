package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.Drift;

import java.util.List;
import java.util.SortedMap;

/**
 * A row of {@code reconciliation_runs}. A run refused before it reserved a sequence (the lineage check, a forced batch
 * run) has none, nor a version: both are NULL.
 */
public record RunRecord(
        String runId,
        Long runSequence,
        Long version,
        String day,
        String outcome,
        long startedAt,
        long finishedAt,
        String batchRunId,
        long exactKeys,
        long pinotRows,
        long matchingKeys,
        long restampedKeys,
        long missingInPinot,
        long extraInPinot,
        long valuesDiffer,
        SortedMap<String, Drift> driftByCurrency,
        long correctionsPublished,
        Long visibleAfterMs,
        Long residualDifferences,
        Long finalVersion,
        String reportPath,
        String message) {

    /** Columns of reconciliation_runs, in table order (06_reconciliation_runs.sql). */
    public static final List<String> COLUMNS = List.of("run_id", "run_sequence", "version", "dt", "outcome",
            "started_at", "finished_at", "duration_ms", "batch_run_id", "exact_keys", "pinot_rows", "matching_keys",
            "restamped_keys", "missing_in_pinot", "extra_in_pinot", "values_differ", "drift_by_currency",
            "corrections_published", "visible_after_ms", "residual_differences", "final_version", "report_path",
            "message");

    static final String DRIFT_TYPE = "MAP<STRING, STRUCT<differing_keys: BIGINT, impressions: BIGINT, clicks: BIGINT,"
            + " spend_micros: BIGINT, abs_impressions: BIGINT, abs_clicks: BIGINT, abs_spend_micros: BIGINT>>";

    public long durationMs() {
        return finishedAt - startedAt;
    }

    public String insertSql(String table) {
        return "INSERT INTO " + table + " SELECT " + String.join(", ",
                SqlLiterals.string(runId),
                SqlLiterals.bigint(runSequence),
                SqlLiterals.bigint(version),
                SqlLiterals.string(day),
                SqlLiterals.string(outcome),
                SqlLiterals.bigint(startedAt),
                SqlLiterals.bigint(finishedAt),
                SqlLiterals.bigint(durationMs()),
                SqlLiterals.string(batchRunId),
                SqlLiterals.bigint(exactKeys),
                SqlLiterals.bigint(pinotRows),
                SqlLiterals.bigint(matchingKeys),
                SqlLiterals.bigint(restampedKeys),
                SqlLiterals.bigint(missingInPinot),
                SqlLiterals.bigint(extraInPinot),
                SqlLiterals.bigint(valuesDiffer),
                SqlLiterals.map(driftByCurrency, SqlLiterals::string, RunRecord::driftStruct, DRIFT_TYPE),
                SqlLiterals.bigint(correctionsPublished),
                SqlLiterals.bigint(visibleAfterMs),
                SqlLiterals.bigint(residualDifferences),
                SqlLiterals.bigint(finalVersion),
                SqlLiterals.string(reportPath),
                SqlLiterals.string(message));
    }

    private static String driftStruct(Drift d) {
        return "named_struct('differing_keys', " + SqlLiterals.bigint(d.keys())
                + ", 'impressions', " + SqlLiterals.bigint(d.impressions())
                + ", 'clicks', " + SqlLiterals.bigint(d.clicks())
                + ", 'spend_micros', " + SqlLiterals.bigint(d.spendMicros())
                + ", 'abs_impressions', " + SqlLiterals.bigint(d.absImpressions())
                + ", 'abs_clicks', " + SqlLiterals.bigint(d.absClicks())
                + ", 'abs_spend_micros', " + SqlLiterals.bigint(d.absSpendMicros()) + ")";
    }
}
