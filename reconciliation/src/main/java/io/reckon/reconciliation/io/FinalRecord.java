package io.reckon.reconciliation.io;

import java.util.List;
import java.util.SortedMap;

/** A row of {@code final_days}: a day became FINAL at a version, with its lineage. */
public record FinalRecord(
        String day,
        long finalVersion,
        long runSequence,
        String reconciliationRunId,
        String batchRunId,
        SortedMap<Integer, Long> maxOffsetByPartition,
        Long previousFinalVersion,
        long keysChanged,
        long exactKeys,
        long totalImpressions,
        long totalClicks,
        SortedMap<String, Long> spendMicrosByCurrency,
        long finalizedAt,
        boolean forced) {

    /** Columns of final_days, in table order (07_final_days.sql). */
    public static final List<String> COLUMNS = List.of("dt", "final_version", "run_sequence", "reconciliation_run_id",
            "batch_run_id", "max_offset_by_partition", "previous_final_version", "keys_changed", "exact_keys",
            "total_impressions", "total_clicks", "spend_micros_by_currency", "finalized_at", "forced");

    public String insertSql(String table) {
        return "INSERT INTO " + table + " SELECT " + String.join(", ",
                SqlLiterals.string(day),
                SqlLiterals.bigint(finalVersion),
                SqlLiterals.bigint(runSequence),
                SqlLiterals.string(reconciliationRunId),
                SqlLiterals.string(batchRunId),
                SqlLiterals.map(maxOffsetByPartition, p -> "CAST(" + p + " AS INT)", SqlLiterals::bigint,
                        "MAP<INT, BIGINT>"),
                SqlLiterals.bigint(previousFinalVersion),
                SqlLiterals.bigint(keysChanged),
                SqlLiterals.bigint(exactKeys),
                SqlLiterals.bigint(totalImpressions),
                SqlLiterals.bigint(totalClicks),
                SqlLiterals.map(spendMicrosByCurrency, SqlLiterals::string, SqlLiterals::bigint, "MAP<STRING, BIGINT>"),
                SqlLiterals.bigint(finalizedAt),
                forced ? "true" : "false");
    }
}
