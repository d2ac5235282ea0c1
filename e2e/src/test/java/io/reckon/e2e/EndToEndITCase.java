package io.reckon.e2e;

import io.reckon.stack.config.StackConfig;
import io.reckon.stack.demo.DayNumbers;
import io.reckon.stack.demo.EndToEndDemo;
import io.reckon.stack.demo.PinotDay;
import io.reckon.stack.demo.ReckonCommands;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code bin/reckon demo} does, asserted: generated traffic the speed layer cannot get right (duplicates beyond
 * its dedup window, events beyond its lateness) makes Pinot drift; batch and reconciliation make it exact for every
 * key and every daily total; a second reconciliation publishes nothing; no correction lowers a version.
 */
@ExtendWith(LocalStackExtension.class)
class EndToEndITCase {

    @Test
    void reconciliationMakesPinotEqualTheGroundTruth(StackEndpoints stack) {
        StackConfig config = StackConfig.load(Path.of(System.getProperty("reckon.home")), null);
        EndToEndDemo.Outcome outcome = new EndToEndDemo(config, System.out).run(null, 12_000, 1500, true);

        assertThat(outcome.before().differingKeys(outcome.truth()))
                .as("drift before reconciliation: the speed layer alone cannot be exact for this traffic").isPositive();
        assertThat(outcome.after().differingKeys(outcome.truth())).as("keys differing after reconciliation").isZero();
        assertThat(outcome.after().rows()).containsOnlyKeys(outcome.truth().rows().keySet());
        assertBillingTotalsEqual(outcome.after().byCurrency(), outcome.truth().byCurrency());
        outcome.before().versions().forEach((key, before) ->
                assertThat(outcome.after().versions().get(key)).as("version of %s", key).isGreaterThanOrEqualTo(before));

        // A second run on the reconciled day changes nothing.
        ReckonCommands reckon = new ReckonCommands(config);
        assertThat(reckon.run("reconcile-again", Duration.ofMinutes(10), "reconcile", "--date", outcome.day().toString()))
                .as("second reconcile exit code; see " + reckon.log("reconcile-again")).isZero();
        assertThat(read(reckon.log("reconcile-again"))).containsIgnoringCase("nothing to publish");
        DayNumbers again = new PinotDay(stack.pinotBrokerUrl(), "ad_stats_minute").read(outcome.day());
        assertThat(again.versions()).isEqualTo(outcome.after().versions());
        assertThat(reckon.run("verify-final", Duration.ofMinutes(5), "reconcile", "--date", outcome.day().toString(),
                "--verify-final")).as("the day is FINAL and Pinot still equals it").isZero();
    }

    private static void assertBillingTotalsEqual(Map<String, long[]> actual, Map<String, long[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((currency, totals) -> assertThat(actual.get(currency)).as("totals in %s", currency).containsExactly(totals));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
