package io.reckon.reconciliation.compare;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class TruthCheckTest {
    private static SortedMap<String, Totals> read(long[]... rows) {
        SortedMap<String, Totals> m = new TreeMap<>();
        for (long[] r : rows) {
            String currency = r[0] == 0 ? "USD" : "EUR";
            m.computeIfAbsent(currency, c -> new Totals()).add(new Counts(r[1], r[2], r[3]));
        }
        return m;
    }

    @Test
    void rowsThatAreTheRunsResultAgree() {
        TruthCheck.Recorded run = new TruthCheck.Recorded("b1", 3, 5, 1, Map.of("USD", 700L, "EUR", 9L), false);
        assertThat(TruthCheck.disagreement(run, read(new long[] {0, 2, 0, 300}, new long[] {0, 3, 0, 400},
                new long[] {1, 0, 1, 9}))).isEmpty();
    }

    @Test
    void anEmptyPartitionOfARunThatWroteRowsDisagrees() {
        TruthCheck.Recorded run = new TruthCheck.Recorded("b1", 3, 5, 1, Map.of("USD", 700L), false);
        assertThat(TruthCheck.disagreement(run, read())).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("the exact partition holds 0 rows where batch run b1 recorded 3"));
        // ... while a day whose run really counted nothing agrees with an empty partition
        assertThat(TruthCheck.disagreement(new TruthCheck.Recorded("b0", 0, 0, 0, Map.of(), false), read())).isEmpty();
    }

    @Test
    void sameRowCountButOtherTotalsOrSpendDisagree() {
        TruthCheck.Recorded run = new TruthCheck.Recorded("b1", 2, 5, 0, Map.of("USD", 700L), false);
        assertThat(TruthCheck.disagreement(run, read(new long[] {0, 2, 0, 300}, new long[] {0, 2, 0, 400})))
                .hasValueSatisfying(why -> assertThat(why).contains("4 impressions").contains("recorded 5"));
        assertThat(TruthCheck.disagreement(run, read(new long[] {0, 2, 0, 300}, new long[] {0, 3, 0, 401})))
                .hasValueSatisfying(why -> assertThat(why).contains("{USD=701}").contains("{USD=700}"));
    }
}
