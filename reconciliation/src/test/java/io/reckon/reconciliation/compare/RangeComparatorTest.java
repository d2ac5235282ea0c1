package io.reckon.reconciliation.compare;

import io.reckon.schemas.aggregate.GrainKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.reckon.reconciliation.compare.Rows.batch;
import static io.reckon.reconciliation.compare.Rows.c;
import static io.reckon.reconciliation.compare.Rows.key;
import static io.reckon.reconciliation.compare.Rows.speed;
import static org.assertj.core.api.Assertions.assertThat;

class RangeComparatorTest {
    @Test
    void fullOuterComparisonCoversBothSidesInKeyOrder() {
        GrainKey right = key("a", 0);
        GrainKey wrong = key("b", 0);
        GrainKey missing = key("c", 1);
        GrainKey extra = key("d", 1);
        GrainKey stale = key("e", 2);
        Map<GrainKey, Counts> exact = Map.of(right, c(1, 0, 10), wrong, c(2, 1, 20), missing, c(3, 0, 30),
                stale, c(4, 0, 40), key("zero", 3), Counts.ZERO);
        Map<GrainKey, PinotRow> pinot = Map.of(right, batch(right, c(1, 0, 10), 2), wrong, speed(wrong, c(2, 0, 20)),
                extra, speed(extra, c(5, 0, 50)), stale, speed(stale, c(4, 0, 40)));

        List<KeyOutcome> out = RangeComparator.compare(exact, pinot);

        assertThat(out).extracting(KeyOutcome::key).containsExactly(right, wrong, missing, extra, stale);
        assertThat(out).extracting(KeyOutcome::keyClass).containsExactly(KeyClass.MATCH, KeyClass.VALUES_DIFFER,
                KeyClass.MISSING_IN_PINOT, KeyClass.EXTRA_IN_PINOT, KeyClass.RESTAMP);
        assertThat(out.get(3).exact()).isEqualTo(Counts.ZERO);
        assertThat(out.get(2).pinot()).isNull();
    }
}
