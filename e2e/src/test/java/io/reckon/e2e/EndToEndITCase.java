package io.reckon.e2e;

import io.reckon.generator.truth.TruthFiles;
import io.reckon.demo.DayNumbers;
import io.reckon.demo.EndToEndDemo;
import io.reckon.demo.ReckonCommands;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code bin/reckon demo} does, asserted: generated traffic the speed layer cannot get right (duplicates beyond
 * its dedup window, events beyond its lateness) makes Pinot drift; batch and reconciliation make it exact for every
 * key and every daily total; a second reconciliation publishes nothing; no correction lowers a version. The demo runs
 * on a pipeline of its own (topics, Pinot table, Hive database, speed layer, data directory), so nothing another
 * test or the user left behind decides what it sees.
 */
@ExtendWith(LocalStackExtension.class)
class EndToEndITCase {

    @Test
    void reconciliationMakesPinotEqualTheGroundTruth(StackEndpoints stack) throws Exception {
        StackEndpoints pipeline = stack.newPipeline("e2e");
        EndToEndDemo demo = new EndToEndDemo(pipeline.home(), pipeline.dataDir(), System.out);
        assertThat(demo.names().pinotTable()).as("the demo's own table").startsWith(pipeline.namespace() + "_");
        // The dashboard (#16) between the layers: the day is PROVISIONAL and shows what the speed layer wrote.
        EndToEndDemo.Outcome outcome = demo.run(null, 12_000, 1500, (day, live) -> {
            try {
                DashboardCheck.assertProvisional(pipeline, day, live);
            } catch (Exception e) {
                throw new AssertionError("the dashboard before reconciliation", e);
            }
        });

        assertThat(outcome.before().differingKeys(outcome.truth()))
                .as("drift before reconciliation: the speed layer alone cannot be exact for this traffic").isPositive();
        assertThat(outcome.after().differingKeys(outcome.truth())).as("keys differing after reconciliation").isZero();
        assertThat(outcome.after().rows()).containsOnlyKeys(outcome.truth().rows().keySet());
        assertBillingTotalsEqual(outcome.after().byCurrency(), outcome.truth().byCurrency());
        outcome.before().versions().forEach((key, before) ->
                assertThat(outcome.after().versions().get(key)).as("version of %s", key).isGreaterThanOrEqualTo(before));

        // A second run on the reconciled day changes nothing.
        ReckonCommands reckon = demo.commands();
        assertThat(reckon.run("reconcile-again", Duration.ofMinutes(10), "reconcile", "--date", outcome.day().toString()))
                .as("second reconcile exit code; see " + reckon.log("reconcile-again")).isZero();
        assertThat(read(reckon.log("reconcile-again"))).containsIgnoringCase("nothing to publish");
        DayNumbers again = demo.pinot().read(outcome.day());
        assertThat(again.versions()).isEqualTo(outcome.after().versions());
        assertThat(reckon.run("verify-final", Duration.ofMinutes(5), "reconcile", "--date", outcome.day().toString(),
                "--verify-final")).as("the day is FINAL and Pinot still equals it").isZero();

        // Finance's export (the demo wrote it): exactly the generator's billing truth for the day, nothing else.
        Path exports = pipeline.dataDir().resolve("exports").resolve("billing").resolve(outcome.day().toString());
        List<Path> csvs = list(exports, ".csv");
        assertThat(csvs).as("one export version in %s", exports).hasSize(1);
        List<String> exported = read(csvs.get(0)).lines().toList();
        assertThat(exported.get(0)).isEqualTo("dt,advertiser_id,campaign_id,currency,impressions,clicks,spend_micros");
        assertThat(exported.subList(1, exported.size()).stream().sorted().toList()).isEqualTo(billingTruth(pipeline.dataDir(), outcome.day()));
        assertThat(list(exports, ".json")).hasSize(1);
        // The same day on the dashboard after reconciliation: FINAL, and every advertiser's totals and campaigns
        // exactly the ground truth and the billing export.
        DashboardCheck.assertEqualsTruth(pipeline, outcome.day(), outcome.truth(), exported.subList(1, exported.size()));
        // The speed layer's log: its own lines and real warnings, not the engine's noise (#15).
        String streamLog = read(pipeline.dataDir().resolve("logs").resolve("stream.log"));
        assertThat(streamLog).contains("running; Ctrl-C cancels it").contains("checkpoints ")
                .doesNotContain("Name collision").doesNotContain("characters length limit")
                .doesNotContain("Could not find Hadoop configuration");
        // A day that is not FINAL is refused, with a one-line reason.
        String notFinal = outcome.day().minusDays(400).toString();
        assertThat(reckon.run("export-not-final", Duration.ofMinutes(5), "export", "--date", notFinal)).isEqualTo(1);
        assertThat(read(reckon.log("export-not-final"))).contains(notFinal + " is not FINAL");
        // A late event's row after FINAL: the day stays FINAL and equal to its export; the row is shown apart.
        DashboardCheck.assertFinalAfterALateRow(pipeline, outcome.day(), exported.subList(1, exported.size()));
    }

    /** The generator's billing rows of the day, summed over the demo's two generator runs, as export CSV lines. */
    private static List<String> billingTruth(Path dataDir, LocalDate day) {
        Path work = dataDir.resolve("demo").resolve(day.toString());
        return BillingTruth.lines(day, List.of(work.resolve("truth").resolve(TruthFiles.BILLING),
                work.resolve("next-day").resolve("truth").resolve(TruthFiles.BILLING)));
    }

    private static List<Path> list(Path dir, String suffix) {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot list " + dir, e);
        }
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
