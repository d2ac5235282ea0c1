package io.reckon.streaming.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How bin/reckon stream starts: each row of the decision. */
class StartPlanTest {
    private static final Instant NOW = Instant.parse("2025-11-26T12:00:00Z");
    private static final JobOptions OPTIONS = JobOptions.defaults().withTransactionTimeout(Duration.ofMinutes(10))
            .withCheckpointInterval(Duration.ofSeconds(5));
    private static final RetainedCheckpoints.Checkpoint RECENT =
            new RetainedCheckpoints.Checkpoint("file:/c/chk-7", NOW.minusSeconds(30).toEpochMilli(), 7);
    private static final RetainedCheckpoints.Checkpoint OLD =
            new RetainedCheckpoints.Checkpoint("file:/c/chk-3", NOW.minusSeconds(3_600).toEpochMilli(), 3);

    private static StartPlan local(boolean restore, boolean fresh, Optional<RetainedCheckpoints.Checkpoint> newest) {
        return StartPlan.decide(true, restore, fresh, true, false, newest, NOW, OPTIONS);
    }

    @Test
    void aLocalRunResumesItsNewestCheckpointAndTakesNoOffsetsFromTheArchive() {
        StartPlan plan = local(false, false, Optional.of(RECENT));
        assertThat(plan.mode()).isEqualTo(StartPlan.Mode.RESUME);
        assertThat(plan.resumeFrom()).contains(RECENT);
        assertThat(plan.lostOutput()).isEmpty();
        assertThat(plan.offsetsFromArchive()).isFalse();
        assertThat(plan.describe(null, "file:/c", false, "ad-events", null)).startsWith("resuming from file:/c/chk-7");
    }

    @Test
    void aResumePastTheTransactionTimeoutSaysItLostOutput() {
        StartPlan plan = local(false, false, Optional.of(OLD));
        assertThat(plan.mode()).isEqualTo(StartPlan.Mode.RESUME);
        assertThat(plan.lostOutput()).hasValueSatisfying(line -> assertThat(line).startsWith("LOST OUTPUT: checkpoint 3"));
    }

    @Test
    void withoutStateTheSourceStartsWhereTheArchiveEnds() {
        StartPlan first = local(false, false, Optional.empty());
        assertThat(first.mode()).isEqualTo(StartPlan.Mode.FIRST_START);
        assertThat(first.offsetsFromArchive()).isTrue();
        assertThat(first.describe(null, "file:/c", false, "ad-events", "from the archive's end"))
                .isEqualTo("no retained checkpoint in file:/c: from the archive's end");

        StartPlan fresh = local(false, true, Optional.of(RECENT));
        assertThat(fresh.mode()).isEqualTo(StartPlan.Mode.FRESH);
        assertThat(fresh.resumeFrom()).as("--fresh ignores what is retained").isEmpty();
        assertThat(fresh.offsetsFromArchive()).isTrue();

        assertThat(StartPlan.decide(true, false, true, true, true, Optional.empty(), NOW, OPTIONS)
                .offsetsFromArchive()).as("--from-earliest reads the topic from its beginning").isFalse();
        assertThat(StartPlan.decide(true, false, true, false, false, Optional.empty(), NOW, OPTIONS)
                .offsetsFromArchive()).as("no archive, no offsets from it").isFalse();
    }

    @Test
    void aRestoreComesFromTheUsersPathAndAClustersFromFlinkRun() {
        StartPlan restore = local(true, false, Optional.empty());
        assertThat(restore.mode()).isEqualTo(StartPlan.Mode.RESTORE);
        assertThat(restore.offsetsFromArchive()).isFalse();
        assertThat(restore.describe("file:/sp/1", "file:/c", false, "ad-events", null)).isEqualTo("restoring file:/sp/1");

        StartPlan cluster = StartPlan.decide(false, false, false, true, false, Optional.empty(), NOW, OPTIONS);
        assertThat(cluster.mode()).isEqualTo(StartPlan.Mode.CLUSTER);
        assertThat(cluster.offsetsFromArchive()).as("whether flink run -s restores is not known: computed").isTrue();
        assertThat(StartPlan.decide(false, true, false, true, false, Optional.empty(), NOW, OPTIONS)
                .offsetsFromArchive()).as("a cluster computes them even with --restore").isTrue();

        assertThatThrownBy(() -> local(true, true, Optional.empty())).hasMessageContaining("exclude each other");
    }
}
