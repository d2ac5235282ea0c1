package io.reckon.reconciliation.plan;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.KeyClass;
import io.reckon.reconciliation.compare.KeyOutcome;
import io.reckon.reconciliation.compare.PinotRow;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.version.Versions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorrectionPlannerTest {
    private static final GrainKey K = new GrainKey("adv-1", "cmp-1", "ad-1", "USD", 1_764_028_800_000L);
    private static final long V = Versions.batch(5);
    private static final Counts EXACT = new Counts(10, 2, 5_000);

    @Test
    void aDifferingOrMissingKeyGetsTheExactValuesAtTheBatchVersion() {
        for (KeyClass c : new KeyClass[] {KeyClass.VALUES_DIFFER, KeyClass.MISSING_IN_PINOT, KeyClass.RESTAMP}) {
            AggregateRow row = CorrectionPlanner.plan(new KeyOutcome(K, c, EXACT, new PinotRow(K, new Counts(1, 1, 1), 99)),
                    V, 123).orElseThrow();
            assertThat(row).isEqualTo(new AggregateRow(K, 10, 2, 5_000, V, Source.BATCH, 123));
        }
    }

    @Test
    void anExtraKeyIsRetractedWithAnAllZeroRow() {
        AggregateRow row = CorrectionPlanner.plan(new KeyOutcome(K, KeyClass.EXTRA_IN_PINOT, Counts.ZERO,
                new PinotRow(K, new Counts(4, 0, 40), 99)), V, 1).orElseThrow();
        assertThat(row.isZero()).isTrue();
        assertThat(row.source()).isEqualTo(Source.BATCH);
        assertThat(row.version()).isEqualTo(V);
    }

    @Test
    void aMatchingKeyWithABatchVersionGetsNothing() {
        assertThat(CorrectionPlanner.plan(new KeyOutcome(K, KeyClass.MATCH, EXACT,
                new PinotRow(K, EXACT, Versions.batch(2))), V, 1)).isEmpty();
    }

    @Test
    void aCorrectionNeverLowersOrRepeatsAVersion() {
        assertThatThrownBy(() -> CorrectionPlanner.row(K, EXACT, Versions.batch(5), V, 1))
                .hasMessageContaining("must raise it");
        assertThatThrownBy(() -> CorrectionPlanner.row(K, EXACT, Versions.batch(6), V, 1))
                .hasMessageContaining("must raise it");
        assertThatThrownBy(() -> CorrectionPlanner.row(K, EXACT, -1, 77, 1)).hasMessageContaining("not a batch version");
        assertThat(CorrectionPlanner.row(K, EXACT, -1, V, 1).version()).isEqualTo(V);
    }
}
