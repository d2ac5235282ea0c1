package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.Drift;
import io.reckon.reconciliation.compare.KeyClass;
import io.reckon.reconciliation.compare.KeyOutcome;
import io.reckon.reconciliation.compare.PinotRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.definitions.ContractResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RecordsTest {
    @Test
    void runRecordColumnsAreTheTableColumnsInOrder() {
        assertThat(columns("reckon/hive/06_reconciliation_runs.sql")).isEqualTo(RunRecord.COLUMNS);
        assertThat(columns("reckon/hive/07_final_days.sql")).isEqualTo(FinalRecord.COLUMNS);
    }

    @Test
    void insertStatementsHaveOneValuePerColumnAndEscapeStrings() {
        TreeMap<String, Drift> drift = new TreeMap<>();
        Drift d = new Drift();
        GrainKey k = new GrainKey("a", "c", "d", "USD", 0);
        d.add(new KeyOutcome(k, KeyClass.VALUES_DIFFER, new Counts(1, 0, 5), new PinotRow(k, new Counts(2, 0, 9), 1)));
        drift.put("USD", d);
        RunRecord run = new RunRecord("r1", 3L, 4L, "2025-11-25", "FINAL", 10, 25, "b1", 1, 1, 0, 0, 0, 0, 1, drift, 1,
                5L, 0L, 4L, "/tmp/it's.md", "a 'quoted' \\ message; more");
        String sql = run.insertSql("db.runs");
        assertThat(sql).startsWith("INSERT INTO db.runs SELECT 'r1', CAST(3 AS BIGINT)")
                .contains("CAST(15 AS BIGINT)") // duration
                .contains("'USD', named_struct('differing_keys', CAST(1 AS BIGINT), 'impressions', CAST(1 AS BIGINT)")
                .contains("'/tmp/it\\'s.md'").contains("'a \\'quoted\\' \\\\ message, more'")
                .doesNotContain(";");
        // Refused before it reserved a sequence (the lineage check): recorded all the same, with NULLs.
        RunRecord refused = new RunRecord("r2", null, null, "2025-11-25", "FAILED", 10, 25, "b1", 1, 1, 0, 0, 0, 0, 1,
                drift, 0, null, null, null, null, "refused: ...");
        assertThat(refused.insertSql("db.runs")).startsWith(
                "INSERT INTO db.runs SELECT 'r2', CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), '2025-11-25', 'FAILED'");
        FinalRecord f = new FinalRecord("2025-11-25", 4L, 3L, "r1", "b1", new TreeMap<>(Map.of(0, 10L, 2, 20L)), null, 1,
                1, 1, 0, new TreeMap<>(Map.of("USD", 5L)), 99, true);
        assertThat(f.insertSql("db.f")).contains("CAST(map(CAST(0 AS INT), CAST(10 AS BIGINT), CAST(2 AS INT), "
                + "CAST(20 AS BIGINT)) AS MAP<INT, BIGINT>)").contains("CAST(NULL AS BIGINT)");
        assertThat(f.insertSql("db.f")).as("forced, the table's last column").endsWith("CAST(99 AS BIGINT), true");
        assertThat(FinalRecord.COLUMNS).endsWith("finalized_at", "forced");
        assertThat(new FinalRecord("d", 4L, 3L, "r", "b", new TreeMap<>(), 2L, 0, 0, 0, 0, new TreeMap<>(), 1, false)
                .insertSql("db.f")).contains("CAST(map() AS MAP<INT, BIGINT>)");
    }

    @Test
    void theSpoolReturnsWhatNeedsACorrectionInOrder(@TempDir Path dir) throws Exception {
        GrainKey a = new GrainKey("adv-ü", "c", "d", "USD", 60_000);
        GrainKey b = new GrainKey("adv", "c", "d", "EUR", 120_000);
        GrainKey m = new GrainKey("adv", "c", "m", "EUR", 120_000);
        List<CorrectionSpool.Entry> back = new ArrayList<>();
        Path file = dir.resolve("x.spool");
        try (CorrectionSpool spool = new CorrectionSpool(file)) {
            spool.accept(new KeyOutcome(a, KeyClass.MISSING_IN_PINOT, new Counts(1, 2, 3), null));
            spool.accept(new KeyOutcome(m, KeyClass.MATCH, new Counts(1, 0, 0), new PinotRow(m, new Counts(1, 0, 0), 1L << 62)));
            spool.accept(new KeyOutcome(b, KeyClass.EXTRA_IN_PINOT, Counts.ZERO, new PinotRow(b, new Counts(4, 0, 0), 77)));
            assertThat(spool.entries()).isEqualTo(2);
            spool.forEach(back::add);
        }
        assertThat(back).containsExactly(new CorrectionSpool.Entry(a, new Counts(1, 2, 3), -1),
                new CorrectionSpool.Entry(b, Counts.ZERO, 77));
        assertThat(Files.exists(file)).isFalse();
    }

    private static List<String> columns(String ddlFile) {
        String sql = ContractResources.read(ddlFile);
        String body = sql.substring(sql.indexOf('(') + 1, sql.lastIndexOf("\nCOMMENT"));
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^  ([a-z_]+) ").matcher(body);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
