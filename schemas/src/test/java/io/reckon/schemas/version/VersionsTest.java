package io.reckon.schemas.version;

import io.reckon.schemas.aggregate.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionsTest {

    @Test
    void layout() {
        assertThat(Versions.BATCH_BASE).isEqualTo(4_611_686_018_427_387_904L);
        assertThat(Versions.batch(0)).isEqualTo(Versions.BATCH_BASE);
        assertThat(Versions.batch(Versions.MAX_RUN_SEQUENCE)).isEqualTo(Long.MAX_VALUE);
        assertThat(Versions.speed(Versions.BATCH_BASE - 1)).isEqualTo(Versions.BATCH_BASE - 1);
    }

    @Test
    void everySpeedVersionIsBelowEveryBatchVersion() {
        assertThat(Versions.speed(Versions.BATCH_BASE - 1)).isLessThan(Versions.batch(0));
        assertThat(Versions.sourceOf(Versions.BATCH_BASE - 1)).isEqualTo(Source.SPEED);
        assertThat(Versions.sourceOf(Versions.BATCH_BASE)).isEqualTo(Source.BATCH);
        assertThat(Versions.sourceOf(0)).isEqualTo(Source.SPEED);
    }

    @Test
    void laterRunsGetHigherVersions() {
        assertThat(Versions.batch(8)).isGreaterThan(Versions.batch(7));
        assertThat(Versions.runSequenceOf(Versions.batch(7))).isEqualTo(7);
    }

    @Test
    void speedVersionIsTheWallClock() {
        assertThat(Versions.speed(1_764_115_260_123L)).isEqualTo(1_764_115_260_123L);
    }

    @Test
    void nextSpeedRisesEvenIfTheClockStepsBack() {
        assertThat(Versions.nextSpeed(1_000L, 2_000L)).isEqualTo(2_000L);
        assertThat(Versions.nextSpeed(2_000L, 1_500L)).isEqualTo(2_001L);
        assertThat(Versions.nextSpeed(2_000L, 2_000L)).isEqualTo(2_001L);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1L, Versions.BATCH_BASE, Long.MAX_VALUE})
    void speedVersionOutOfRange(long millis) {
        assertThatThrownBy(() -> Versions.speed(millis)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nextSpeedCannotReachTheBatchRange() {
        assertThatThrownBy(() -> Versions.nextSpeed(Versions.BATCH_BASE - 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Versions.nextSpeed(Versions.batch(3), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1L, Versions.MAX_RUN_SEQUENCE + 1})
    void runSequenceOutOfRange(long sequence) {
        assertThatThrownBy(() -> Versions.batch(sequence)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeVersionsBelongToNobody() {
        assertThatThrownBy(() -> Versions.sourceOf(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Versions.runSequenceOf(5)).isInstanceOf(IllegalArgumentException.class);
    }
}
