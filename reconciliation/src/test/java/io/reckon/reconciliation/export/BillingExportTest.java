package io.reckon.reconciliation.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.reconciliation.io.FinalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillingExportTest {
    private static final long V = (1L << 62) + 7;

    @TempDir
    Path dir;

    private static FinalRecord fin(String batchRuns, long impressions, long clicks, String currency, long spend,
                                   String currency2, long spend2) {
        TreeMap<String, Long> byCurrency = new TreeMap<>();
        byCurrency.put(currency, spend);
        byCurrency.put(currency2, spend2);
        TreeMap<Integer, Long> offsets = new TreeMap<>();
        offsets.put(0, 41L);
        offsets.put(3, 99L);
        return new FinalRecord("2025-11-25", V, 7, "recon-7", batchRuns, offsets, null, 3, 10, impressions, clicks,
                byCurrency, 1_700_000_000_000L, false);
    }

    private static final List<BillingRow> ROWS = List.of(
            new BillingRow("adv-2", "cmp-1", "USD", 5, 1, 9_007_199_254_740_993L, "b-2"),
            new BillingRow("adv-1", "cmp-9", "EUR", 0, 2, 300_000, "b-2"),
            new BillingRow("adv-1", "cmp-1", "USD", 3, 0, 7, "b-2"));

    private static final FinalRecord FIN = fin("b-1,b-2", 8, 3, "USD", 9_007_199_254_741_000L, "EUR", 300_000);

    @Test
    void writesSortedExactRowsAndAManifestWithTheLineage() throws Exception {
        BillingExport.Result r = BillingExport.write(dir, FIN, ROWS, 5L);

        assertThat(r.written()).isTrue();
        assertThat(r.csv()).hasFileName("billing_2025-11-25_v" + V + ".csv");
        assertThat(Files.readAllLines(r.csv())).containsExactly(BillingExport.HEADER,
                "2025-11-25,adv-1,cmp-1,USD,3,0,7",
                "2025-11-25,adv-1,cmp-9,EUR,0,2,300000",
                "2025-11-25,adv-2,cmp-1,USD,5,1,9007199254740993");
        JsonNode m = new ObjectMapper().readTree(r.manifest().toFile());
        assertThat(m.path("final_version").asLong()).isEqualTo(V);
        assertThat(m.path("batch_run_id").asText()).isEqualTo("b-1,b-2");
        assertThat(m.path("reconciliation_run_id").asText()).isEqualTo("recon-7");
        assertThat(m.path("max_offset_by_partition").path("3").asLong()).isEqualTo(99L);
        assertThat(m.path("rows").asLong()).isEqualTo(3);
        assertThat(m.path("forced").isBoolean()).as("the manifest always says whether the batch was forced").isTrue();
        assertThat(m.path("forced").asBoolean()).isFalse();
        FinalRecord forced = new FinalRecord(fin("b-3", 1, 0, "USD", 1, "EUR", 0).day(), V + 1, 8, "recon-8", "b-3",
                new TreeMap<>(), V, 1, 1, 1, 0, new TreeMap<>(java.util.Map.of("USD", 1L)), 1_700_000_000_001L, true);
        assertThat(BillingExport.manifest(forced, 1, "x", r.csv(), 5L).path("forced").asBoolean()).isTrue();
        assertThat(m.path("sha256").asText()).isEqualTo(BillingExport.sha256(Files.readAllBytes(r.csv()))).hasSize(64);
        assertThat(m.path("spend_micros_by_currency").path("USD").asLong()).isEqualTo(9_007_199_254_741_000L);
        try (var files = Files.list(r.csv().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder(r.csv().getFileName().toString(), r.manifest().getFileName().toString());
        }
    }

    @Test
    void exportingTheSameVersionAgainChangesNothing() throws Exception {
        BillingExport.Result first = BillingExport.write(dir, FIN, ROWS, 5L);
        String manifest = Files.readString(first.manifest());
        BillingExport.Result again = BillingExport.write(dir, FIN, List.of(ROWS.get(2), ROWS.get(0), ROWS.get(1)), 6L);
        assertThat(again.written()).isFalse();
        assertThat(again.sha256()).isEqualTo(first.sha256());
        assertThat(Files.readString(first.manifest())).isEqualTo(manifest);
    }

    @Test
    void anExportedVersionIsNeverRewrittenWithOtherContent() throws Exception {
        BillingExport.Result first = BillingExport.write(dir, FIN, ROWS, 5L);
        Files.writeString(first.csv(), "tampered\n");
        assertThatThrownBy(() -> BillingExport.write(dir, FIN, ROWS, 6L))
                .hasMessageContaining("never rewritten");
    }

    @Test
    void refusesRowsOfABatchRunThatIsNotTheFinalOne() {
        List<BillingRow> later = List.of(new BillingRow("adv-1", "cmp-1", "USD", 8, 3, 9_007_199_254_741_000L, "b-3"),
                new BillingRow("adv-1", "cmp-9", "EUR", 0, 0, 300_000, "b-3"));
        assertThatThrownBy(() -> BillingExport.write(dir, FIN, later, 5L))
                .hasMessageContaining("batch run b-3").hasMessageContaining("reconcile the day again");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refusesRowsWhoseTotalsAreNotTheFinalTotals() {
        FinalRecord oneMicroOff = fin("b-2", 8, 3, "USD", 9_007_199_254_740_999L, "EUR", 300_000);
        assertThatThrownBy(() -> BillingExport.write(dir, oneMicroOff, ROWS, 5L))
                .hasMessageContaining("not the final ones");
        FinalRecord clicksOff = fin("b-2", 8, 4, "USD", 9_007_199_254_741_000L, "EUR", 300_000);
        assertThatThrownBy(() -> BillingExport.requireFinal(clicksOff, ROWS)).hasMessageContaining("3 clicks");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refusesTwoRowsForOneAdvertiserCampaignCurrency() {
        List<BillingRow> twice = List.of(ROWS.get(0), ROWS.get(1), ROWS.get(2), ROWS.get(2));
        assertThatThrownBy(() -> BillingExport.requireFinal(FIN, twice)).hasMessageContaining("two rows");
    }
}
