package io.reckon.streaming.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionTimeoutTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofHours(6);
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final JobOptions OPTIONS = JobOptions.defaults().withAggregatesTopic("x.ad-stats-minute")
            .withDeadLetterTopic("x.ad-events-dlq");

    private static RetainedCheckpoints.Checkpoint completed(Duration ago) {
        return new RetainedCheckpoints.Checkpoint("file:/tmp/chk-41", NOW.minus(ago).toEpochMilli(), 41);
    }

    @Test
    void aRestoreWithinTheTimeoutLosesNothingAndSaysNothing() {
        assertThat(TransactionTimeout.lostOutput(completed(Duration.ofHours(5)), NOW, TIMEOUT, INTERVAL, OPTIONS))
                .isEmpty();
        assertThat(TransactionTimeout.lostOutput(completed(TIMEOUT.minus(INTERVAL.multipliedBy(2)).minusMillis(1)),
                NOW, TIMEOUT, INTERVAL, OPTIONS)).isEmpty();
    }

    @Test
    void aRestorePastTheTimeoutNamesTheCheckpointAndTheLostOutput() {
        assertThat(TransactionTimeout.lostOutput(completed(Duration.ofHours(7)), NOW, TIMEOUT, INTERVAL, OPTIONS))
                .hasValueSatisfying(line -> assertThat(line).startsWith("LOST OUTPUT: checkpoint 41 completed 7.0 h ago")
                        .contains("transaction timeout (6.0 h)").contains("x.ad-stats-minute")
                        .contains("x.ad-events-dlq").contains("2026-12-02T05:00:00Z").contains("bin/reckon nightly"));
    }

    @Test
    void theTransactionsOpenedOneIntervalBeforeTheCheckpointSoTheWarningComesThatMuchEarly() {
        // The checkpoint itself is younger than the timeout, but its transactions began before the previous
        // checkpoint completed: they may be past it.
        assertThat(TransactionTimeout.lostOutput(completed(TIMEOUT.minus(INTERVAL)), NOW, TIMEOUT, INTERVAL,
                OPTIONS)).isPresent();
    }
}
