package io.reckon.batch;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunRecordTest {

    @Test
    void runIdsAreUniqueAndNameTheDay() {
        String a = RunRecord.newRunId(LocalDate.parse("2025-11-25"), 1764115200000L);
        String b = RunRecord.newRunId(LocalDate.parse("2025-11-25"), 1764115200000L);
        assertThat(a).startsWith("batch-2025-11-25-20251126T000000Z-").isNotEqualTo(b);
    }

    @Test
    void rowFollowsTheRunsTableColumns() {
        RunRecord r = new RunRecord("r1", "2025-11-25", RunRecord.Status.SUCCEEDED, true, 1000, 3500, 10, 8, 2, 1,
                4, 5, 3, 6, 1, Map.of("USD", 7_500L, "EUR", 1L), Map.of(1, 40L, 0, 41L), "m");
        Row row = r.toRow();
        assertThat(row.size()).isEqualTo(RunRecord.SCHEMA.size());
        assertThat(RunRecord.SCHEMA.fieldNames()).startsWith("run_id", "dt", "status", "forced", "started_at",
                "finished_at", "duration_ms", "input_rows", "valid_rows", "invalid_rows", "duplicate_rows",
                "output_rows", "total_impressions", "total_clicks", "spend_micros_by_currency",
                "max_offset_by_partition", "message", "repeated_positions");
        assertThat(row.getLong(17)).as("repeated_positions, the table's last column").isEqualTo(4L);
        assertThat(row.getLong(6)).isEqualTo(2500L);
        assertThat(row.getString(2)).isEqualTo("SUCCEEDED");
        assertThat(r.summary()).contains("SUCCEEDED (forced)", "USD", "7,500 micros", "duplicates 1",
                "4 archive row(s) at a position archived before");
    }

    @Test
    void refusedRunsCarryTheirReason() {
        RunRecord r = RunRecord.withoutCounts("r2", LocalDate.parse("2025-11-25"), RunRecord.Status.REFUSED, false,
                1, 2, "refused: hour(s) 3 not marked complete");
        assertThat(r.summary()).contains("REFUSED", "hour(s) 3").doesNotContain("input rows");
        assertThat(r.failed(5, "x").status()).isEqualTo(RunRecord.Status.FAILED);
    }
}
