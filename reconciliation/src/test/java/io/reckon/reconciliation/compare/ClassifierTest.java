package io.reckon.reconciliation.compare;

import org.junit.jupiter.api.Test;

import static io.reckon.reconciliation.compare.Rows.batch;
import static io.reckon.reconciliation.compare.Rows.c;
import static io.reckon.reconciliation.compare.Rows.key;
import static io.reckon.reconciliation.compare.Rows.speed;
import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {
    private static final Counts E = c(10, 2, 5_000);

    @Test
    void equalValuesWithABatchVersionMatch() {
        assertThat(Classifier.classify(E, batch(key("a", 0), E, 3))).isEqualTo(KeyClass.MATCH);
    }

    @Test
    void equalValuesWithASpeedVersionAreReStamped() {
        assertThat(Classifier.classify(E, speed(key("a", 0), E))).isEqualTo(KeyClass.RESTAMP);
    }

    @Test
    void noPinotRowOrAnAllZeroRowIsMissing() {
        assertThat(Classifier.classify(E, null)).isEqualTo(KeyClass.MISSING_IN_PINOT);
        assertThat(Classifier.classify(E, speed(key("a", 0), Counts.ZERO))).isEqualTo(KeyClass.MISSING_IN_PINOT);
        assertThat(Classifier.classify(E, batch(key("a", 0), Counts.ZERO, 1))).isEqualTo(KeyClass.MISSING_IN_PINOT);
    }

    @Test
    void eventsInPinotForAKeyWithoutExactEventsAreExtra() {
        assertThat(Classifier.classify(null, speed(key("a", 0), c(1, 0, 0)))).isEqualTo(KeyClass.EXTRA_IN_PINOT);
        assertThat(Classifier.classify(Counts.ZERO, batch(key("a", 0), c(0, 0, 7), 1)))
                .isEqualTo(KeyClass.EXTRA_IN_PINOT);
    }

    @Test
    void anyValueOffIsADifference() {
        assertThat(Classifier.classify(E, speed(key("a", 0), c(10, 2, 5_001)))).isEqualTo(KeyClass.VALUES_DIFFER);
        assertThat(Classifier.classify(E, batch(key("a", 0), c(11, 2, 5_000), 9))).isEqualTo(KeyClass.VALUES_DIFFER);
        assertThat(Classifier.classify(E, speed(key("a", 0), c(10, 3, 5_000)))).isEqualTo(KeyClass.VALUES_DIFFER);
    }

    @Test
    void anAllZeroRowIsAbsent() {
        // A retracted key (batch zero row) with no exact row: nothing to do.
        assertThat(Classifier.classify(null, batch(key("a", 0), Counts.ZERO, 1))).isEqualTo(KeyClass.MATCH);
        // A speed zero row is still re-stamped, so no later speed firing can bring the key back.
        assertThat(Classifier.classify(null, speed(key("a", 0), Counts.ZERO))).isEqualTo(KeyClass.RESTAMP);
    }

    @Test
    void onlyValueDifferencesCountAsDrift() {
        assertThat(KeyClass.RESTAMP.isDifference()).isFalse();
        assertThat(KeyClass.RESTAMP.needsCorrection()).isTrue();
        assertThat(KeyClass.MATCH.needsCorrection()).isFalse();
        assertThat(KeyClass.EXTRA_IN_PINOT.isDifference()).isTrue();
    }
}
