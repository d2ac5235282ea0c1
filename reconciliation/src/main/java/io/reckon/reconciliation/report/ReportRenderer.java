package io.reckon.reconciliation.report;

import io.reckon.reconciliation.compare.CampaignKey;
import io.reckon.reconciliation.compare.Drift;
import io.reckon.reconciliation.compare.DriftTally;
import io.reckon.reconciliation.compare.KeyClass;
import io.reckon.reconciliation.compare.KeyOutcome;
import io.reckon.reconciliation.compare.Totals;
import io.reckon.schemas.version.Versions;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a run as Markdown: outcome, counts per class, drift per currency and by campaign, samples, lineage. */
public final class ReportRenderer {
    private final int maxCampaigns;

    public ReportRenderer(int maxCampaigns) {
        this.maxCampaigns = maxCampaigns;
    }

    public String render(RunReport r) {
        StringBuilder md = new StringBuilder(4096);
        md.append("# Reconciliation of ").append(r.day()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "outcome", "**" + r.outcome() + "**");
        row(md, "run", "`" + r.runId() + "`");
        row(md, "run sequence / version", r.runSequence() == null ? "-"
                : r.runSequence() + " / " + r.version() + " (2^62 + " + r.runSequence() + ")");
        row(md, "batch run(s)", r.batchRunId() == null ? "-" : "`" + r.batchRunId() + "`");
        row(md, "Pinot table / topic", "`" + r.pinotTable() + "` / `" + r.topic() + "`");
        row(md, "exact table", "`" + r.exactTable() + "`");
        row(md, "started", Instant.ofEpochMilli(r.startedAt()).toString());
        row(md, "duration", seconds(r.finishedAt() - r.startedAt()));
        row(md, "corrections published", num(r.correctionsPublished()) + (r.correctionsPublished() == 0
                ? " (nothing to publish)" : " (one Kafka transaction)"));
        if (r.visibleAfterMs() != null) {
            row(md, "visible in Pinot after", seconds(r.visibleAfterMs()));
        }
        if (r.finalVersion() != null) {
            row(md, "FINAL version", r.finalVersion() + (r.previousFinalVersion() == null ? " (first)"
                    : " (replaces " + r.previousFinalVersion() + ")"));
        }
        if (r.message() != null && !r.message().isBlank()) {
            row(md, "message", r.message().replace("|", "\\|").replace("\n", " "));
        }
        if (r.before() != null) {
            md.append("\n## Before: Pinot against the exact rows\n\n");
            classes(md, r.before());
            totals(md, r.before());
            md.append("\n### Drift per currency (Pinot − exact, over the differing keys)\n\n");
            if (r.before().driftByCurrency().isEmpty()) {
                md.append("No drift: Pinot showed the exact value for every key.\n");
            } else {
                md.append("| currency | keys | impressions | clicks | spend_micros | abs impressions | abs clicks | abs spend_micros |\n");
                md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
                for (Map.Entry<String, Drift> e : r.before().driftByCurrency().entrySet()) {
                    Drift d = e.getValue();
                    md.append("| ").append(e.getKey()).append(" | ").append(num(d.keys())).append(" | ")
                            .append(signed(d.impressions())).append(" | ").append(signed(d.clicks())).append(" | ")
                            .append(signed(d.spendMicros())).append(" | ").append(num(d.absImpressions())).append(" | ")
                            .append(num(d.absClicks())).append(" | ").append(num(d.absSpendMicros())).append(" |\n");
                }
            }
            campaigns(md, r.before());
            samples(md, r.before());
        }
        if (r.after() != null) {
            md.append("\n## After: re-comparison once every correction was visible\n\n");
            classes(md, r.after());
            md.append(r.after().needingCorrection() == 0
                    ? "\nZero difference: Pinot equals the exact rows for every key of the day.\n"
                    : "\n" + num(r.after().needingCorrection()) + " keys still differ: the day stays open.\n");
        }
        if (r.lineage() != null) {
            md.append("\n## Lineage\n\n");
            md.append("Highest archived `ad-events` offset per partition read by the batch run(s): ");
            md.append(r.lineage().isEmpty() ? "none recorded" : r.lineage().toString()).append(".\n");
        }
        return md.toString();
    }

    private static void classes(StringBuilder md, DriftTally t) {
        md.append("| class | keys |\n|---|---:|\n");
        md.append("| compared (union of both sides) | ").append(num(t.comparedKeys())).append(" |\n");
        for (KeyClass c : KeyClass.values()) {
            md.append("| ").append(label(c)).append(" | ").append(num(t.count(c))).append(" |\n");
        }
    }

    private static void totals(StringBuilder md, DriftTally t) {
        md.append("\n### Day totals per currency (exact rows vs Pinot rows, summed as longs)\n\n");
        md.append("| currency | exact keys | exact impressions | exact clicks | exact spend_micros | Pinot keys | Pinot impressions | Pinot clicks | Pinot spend_micros |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        java.util.TreeSet<String> currencies = new java.util.TreeSet<>(t.exactTotals().keySet());
        currencies.addAll(t.pinotTotals().keySet());
        for (String c : currencies) {
            Totals e = t.exactTotals().getOrDefault(c, new Totals());
            Totals p = t.pinotTotals().getOrDefault(c, new Totals());
            md.append("| ").append(c).append(" | ").append(num(e.keys())).append(" | ").append(num(e.impressions()))
                    .append(" | ").append(num(e.clicks())).append(" | ").append(num(e.spendMicros())).append(" | ")
                    .append(num(p.keys())).append(" | ").append(num(p.impressions())).append(" | ")
                    .append(num(p.clicks())).append(" | ").append(num(p.spendMicros())).append(" |\n");
        }
    }

    private void campaigns(StringBuilder md, DriftTally t) {
        List<Map.Entry<CampaignKey, Drift>> list = t.driftByCampaign();
        if (list.isEmpty()) {
            return;
        }
        md.append("\n### Drift by campaign (largest absolute spend drift first)\n\n");
        md.append("| advertiser | campaign | currency | keys | impressions | clicks | spend_micros | abs spend_micros |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<CampaignKey, Drift> e : list.subList(0, Math.min(maxCampaigns, list.size()))) {
            CampaignKey k = e.getKey();
            Drift d = e.getValue();
            md.append("| ").append(cell(k.advertiserId())).append(" | ").append(cell(k.campaignId())).append(" | ")
                    .append(k.currency()).append(" | ").append(num(d.keys())).append(" | ")
                    .append(signed(d.impressions())).append(" | ").append(signed(d.clicks())).append(" | ")
                    .append(signed(d.spendMicros())).append(" | ").append(num(d.absSpendMicros())).append(" |\n");
        }
        if (list.size() > maxCampaigns) {
            md.append("\n… and ").append(num(list.size() - maxCampaigns)).append(" more campaigns with drift.\n");
        }
    }

    private static void samples(StringBuilder md, DriftTally t) {
        if (t.samples().isEmpty()) {
            return;
        }
        md.append("\n### Sample differences\n\n");
        md.append("| key (advertiser, campaign, ad, currency, window_start) | class | exact | Pinot | Pinot version |\n");
        md.append("|---|---|---|---|---|\n");
        for (KeyOutcome o : t.samples()) {
            md.append("| ").append(cell(o.key().advertiserId())).append(", ").append(cell(o.key().campaignId()))
                    .append(", ").append(cell(o.key().adId())).append(", ").append(o.key().currency()).append(", ")
                    .append(Instant.ofEpochMilli(o.key().windowStart())).append(" | ").append(label(o.keyClass()))
                    .append(" | ").append(counts(o.exact().impressions(), o.exact().clicks(), o.exact().spendMicros()))
                    .append(" | ").append(o.pinot() == null ? "no row" : counts(o.pinotCounts().impressions(),
                            o.pinotCounts().clicks(), o.pinotCounts().spendMicros()))
                    .append(" | ").append(o.pinot() == null ? "-" : version(o.pinot().version())).append(" |\n");
        }
    }

    static String label(KeyClass c) {
        return switch (c) {
            case MATCH -> "match (batch version)";
            case RESTAMP -> "match, speed version (re-stamped)";
            case MISSING_IN_PINOT -> "missing in Pinot";
            case EXTRA_IN_PINOT -> "extra in Pinot";
            case VALUES_DIFFER -> "values differ";
        };
    }

    private static String version(long v) {
        return Versions.isBatch(v) ? "batch " + Versions.runSequenceOf(v) : "speed " + v;
    }

    private static String counts(long i, long c, long s) {
        return num(i) + " / " + num(c) + " / " + num(s);
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("`", "'");
    }

    static String num(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String signed(long v) {
        return v > 0 ? "+" + num(v) : num(v);
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
