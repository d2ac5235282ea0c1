package io.reckon.reconciliation.report;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.DriftTally;
import io.reckon.reconciliation.compare.KeyClass;
import io.reckon.reconciliation.compare.KeyOutcome;
import io.reckon.reconciliation.compare.PinotRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.version.Versions;
import org.junit.jupiter.api.Test;

import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ReportRendererTest {
    private static final long W = 1_764_028_800_000L;

    @Test
    void theReportShowsOutcomeClassesDriftByCurrencyAndByCampaign() {
        DriftTally before = new DriftTally(5);
        for (int i = 0; i < 4; i++) {
            GrainKey k = new GrainKey("adv-" + i, "cmp-" + i, "ad-1", i == 3 ? "EUR" : "USD", W);
            before.accept(new KeyOutcome(k, KeyClass.VALUES_DIFFER, new Counts(10, 1, 1_000_000L * (i + 1)),
                    new PinotRow(k, new Counts(11, 1, 1_000_000L * (i + 1) + 500), 1_764_100_000_000L)));
        }
        GrainKey ok = new GrainKey("adv-9", "cmp|9", "ad-1", "USD", W);
        before.accept(new KeyOutcome(ok, KeyClass.RESTAMP, new Counts(1, 0, 1), new PinotRow(ok, new Counts(1, 0, 1), 5)));
        DriftTally after = new DriftTally(5);
        TreeMap<Integer, Long> lineage = new TreeMap<>(java.util.Map.of(0, 41L, 3, 7L));
        RunReport r = new RunReport("recon-1", "2025-11-25", 7L, Versions.batch(7), RunOutcome.FINAL, "ad_stats_minute",
                "ad-stats-minute", "reckon.ad_stats_minute_exact", "batch-1", lineage, before, 5, 1_234L, after,
                Versions.batch(7), Versions.batch(3), 0, 65_000, null);

        String md = new ReportRenderer(2).render(r);

        assertThat(md).startsWith("# Reconciliation of 2025-11-25")
                .contains("| outcome | **FINAL** |")
                .contains("| values differ | 4 |")
                .contains("| match, speed version (re-stamped) | 1 |")
                .contains("| USD | 3 | +3 | 0 | +1,500 |")
                .contains("| EUR | 1 | +1 | 0 | +500 |")
                .contains("Drift by campaign")
                .contains("… and 2 more campaigns with drift.")
                .contains("Zero difference")
                .contains("{0=41, 3=7}")
                .contains("replaces " + Versions.batch(3))
                .contains("1.2 s");
        // campaigns sorted by absolute spend drift: all 500 here, then by name
        assertThat(md.indexOf("adv-0")).isLessThan(md.indexOf("adv-1"));
    }

    @Test
    void anIdempotentRunSaysNothingWasPublished() {
        DriftTally before = new DriftTally(5);
        RunReport r = new RunReport("recon-2", "2025-11-25", 8L, Versions.batch(8), RunOutcome.ALREADY_FINAL, "t", "p",
                "e", "batch-1", new TreeMap<>(), before, 0, null, null, null, null, 0, 10, "nothing to publish");
        assertThat(new ReportRenderer(10).render(r)).contains("ALREADY_FINAL").contains("(nothing to publish)")
                .contains("No drift");
    }
}
