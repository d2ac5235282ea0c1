package io.reckon.reconciliation;

import io.reckon.cli.OneLineErrors;
import io.reckon.reconciliation.compare.DriftTally;
import io.reckon.reconciliation.compare.KeyClass;
import io.reckon.reconciliation.compare.Totals;
import io.reckon.reconciliation.io.ReconcileStores;
import io.reckon.reconciliation.io.RunRecord;
import io.reckon.reconciliation.report.ReportRenderer;
import io.reckon.reconciliation.report.RunOutcome;
import io.reckon.reconciliation.report.RunReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * The end of every reconciliation run, whatever its outcome: its report under {@code <data dir>/reconciliation/reports}
 * and its row in {@code reconciliation_runs}. A FINAL run that cannot be recorded becomes FAILED: FINAL is only
 * presented with its record.
 */
final class RunRecording {
    private final ReconcileSettings s;
    private final PrintStream out;

    RunRecording(ReconcileSettings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    /** Writes the report and the run record; {@code hive} is null when the run never reached HiveServer2. */
    void finish(ReconcileStores.Truth hive, ReconcileRun run) {
        long finishedAt = System.currentTimeMillis();
        String reportPath = null;
        long reportStart = System.nanoTime();
        try {
            RunReport report = new RunReport(run.runId, run.day.toString(), run.sequence, run.version, run.outcome,
                    s.pinotTable(), s.topic(), s.tables().exactTable(), run.batchRunId, run.lineage, run.before,
                    run.published, run.visibleAfterMs, run.after, run.finalVersion, run.previousFinalVersion,
                    run.startedAt, finishedAt, run.message);
            Path file = s.reportDir().resolve(run.day.toString()).resolve(run.runId + ".md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, new ReportRenderer(s.reportCampaigns()).render(report));
            reportPath = file.toAbsolutePath().toString();
            out.println("  report: " + reportPath);
        } catch (IOException | RuntimeException e) {
            out.println("  the report could not be written: " + OneLineErrors.describe(e));
        }
        run.phases.add("report", System.nanoTime() - reportStart);
        if (hive == null) {
            out.println(run.refusedByLease ? "  not recorded: refused before anything was read"
                    : "  the run could not be recorded (HiveServer2 unreachable)");
            out.println("  " + run.phases.line());
            return;
        }
        DriftTally b = run.before;
        long recordStart = System.nanoTime();
        try {
            hive.insert(new RunRecord(run.runId, run.sequence, run.version, run.day.toString(), run.outcome.name(),
                    run.startedAt, finishedAt, run.batchRunId,
                    b == null ? 0 : b.exactTotals().values().stream().mapToLong(Totals::keys).sum(),
                    b == null ? 0 : b.pinotRows(),
                    b == null ? 0 : b.count(KeyClass.MATCH),
                    b == null ? 0 : b.count(KeyClass.RESTAMP),
                    b == null ? 0 : b.count(KeyClass.MISSING_IN_PINOT),
                    b == null ? 0 : b.count(KeyClass.EXTRA_IN_PINOT),
                    b == null ? 0 : b.count(KeyClass.VALUES_DIFFER),
                    b == null ? new TreeMap<>() : b.driftByCurrency(), run.published, run.visibleAfterMs,
                    run.after == null ? null : run.after.needingCorrection(), run.finalVersion, reportPath,
                    run.message));
            out.println("  recorded in " + s.tables().runsTable() + ": " + run.outcome + " in "
                    + (finishedAt - run.startedAt) + " ms");
        } catch (RuntimeException e) {
            out.println("  the run could not be recorded: " + OneLineErrors.describe(e));
            if (run.outcome.isFinal()) {
                run.outcome = RunOutcome.FAILED;
            }
        } finally {
            hive.close();
            run.phases.add("record", System.nanoTime() - recordStart);
            out.println("  " + run.phases.line());
        }
    }
}
