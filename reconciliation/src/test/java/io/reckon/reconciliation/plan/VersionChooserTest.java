package io.reckon.reconciliation.plan;

import io.reckon.schemas.version.Versions;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class VersionChooserTest {
    @Test
    void theFirstRunTakesSequenceOne() {
        assertThat(VersionChooser.nextSequence(OptionalLong.empty(), OptionalLong.empty())).isEqualTo(1);
    }

    @Test
    void aRunTakesOneAboveEveryRecordedRun() {
        assertThat(VersionChooser.nextSequence(OptionalLong.of(41), OptionalLong.of(Versions.batch(7)))).isEqualTo(42);
    }

    @Test
    void aRunThatPublishedButWasNeverRecordedStillForcesAHigherSequence() {
        assertThat(VersionChooser.nextSequence(OptionalLong.of(3), OptionalLong.of(Versions.batch(9)))).isEqualTo(10);
        assertThat(VersionChooser.nextSequence(OptionalLong.empty(), OptionalLong.of(Versions.batch(2)))).isEqualTo(3);
    }

    @Test
    void theVersionIsAboveEverySpeedVersion() {
        long v = Versions.batch(VersionChooser.nextSequence(OptionalLong.empty(), OptionalLong.empty()));
        assertThat(v).isGreaterThan(Versions.speed(Versions.BATCH_BASE - 1));
    }
}
