package io.reckon.schemas.truth;

import io.reckon.schemas.aggregate.GrainKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TruthRowsTest {
    @Test
    void aPlainRowIsWrittenPlainAndReadBack() {
        GrainKey k = new GrainKey("adv-0001", "cmp-0001-000", "ad-0001-000-002", "USD", 1_764_028_800_000L);
        String line = TruthRows.line(k, 12, 1, 9_007_199_254_740_993L);
        assertThat(line).isEqualTo("adv-0001,cmp-0001-000,ad-0001-000-002,USD,1764028800000,12,1,9007199254740993");
        assertThat(TruthRows.parse(line, "x")).isEqualTo(new TruthRows.Row(k, 12, 1, 9_007_199_254_740_993L));
    }

    @Test
    void identifiersWithCommasAndQuotesSurviveTheRoundTrip() {
        GrainKey k = new GrainKey("adv,1", "cmp \"spring\"", "ad 2", "EUR", 60_000L);
        String line = TruthRows.line(k, 1, 0, 5);
        assertThat(line).startsWith("\"adv,1\",\"cmp \"\"spring\"\"\",");
        assertThat(TruthRows.parse(line, "x").key()).isEqualTo(k);
    }

    @Test
    void aFileIsReadInOrderAndMustBeOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(TruthRows.FILE);
        GrainKey a = new GrainKey("a", "c", "d", "USD", 0);
        GrainKey b = new GrainKey("b", "c", "d", "JPY", 60_000);
        Files.writeString(file, TruthRows.HEADER + "\n" + TruthRows.line(a, 1, 0, 10) + "\n"
                + TruthRows.line(b, 2, 1, 20) + "\n");
        List<TruthRows.Row> rows = new ArrayList<>();
        TruthRows.read(file, rows::add);
        assertThat(rows).extracting(TruthRows.Row::key).containsExactly(a, b);

        Files.writeString(file, "advertiser,whatever\n");
        assertThatThrownBy(() -> TruthRows.read(file, r -> { })).hasMessageContaining("is not a ground-truth row file");
        Files.writeString(file, TruthRows.HEADER + "\na,c,d,USD,0,1,0\n");
        assertThatThrownBy(() -> TruthRows.read(file, r -> { })).hasMessageContaining(":2: 7 fields, expected 8");
        Files.writeString(file, TruthRows.HEADER + "\na,c,d,USD,0,1.5,0,3\n");
        assertThatThrownBy(() -> TruthRows.read(file, r -> { })).hasMessageContaining("not an integer");
    }
}
