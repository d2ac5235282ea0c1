package io.reckon.reconciliation;

import io.reckon.cli.OneLineErrors;
import io.reckon.coordination.DayLeases;
import io.reckon.coordination.LeaseHeldException;
import io.reckon.reconciliation.compare.DayComparison;
import io.reckon.reconciliation.compare.DriftTally;
import io.reckon.reconciliation.compare.ExactRow;
import io.reckon.reconciliation.compare.ExactSummary;
import io.reckon.reconciliation.compare.KeyClass;
import io.reckon.reconciliation.compare.KeyOutcome;
import io.reckon.reconciliation.compare.TimeRange;
import io.reckon.reconciliation.compare.TimeRangePager;
import io.reckon.reconciliation.compare.TimedIterator;
import io.reckon.reconciliation.compare.TimedPageSource;
import io.reckon.reconciliation.compare.Totals;
import io.reckon.reconciliation.compare.TruthCheck;
import io.reckon.reconciliation.io.CorrectionPublisher;
import io.reckon.reconciliation.io.CorrectionSpool;
import io.reckon.reconciliation.io.FinalRecord;
import io.reckon.reconciliation.io.HiveStore;
import io.reckon.reconciliation.io.ParallelExactRead;
import io.reckon.reconciliation.io.ReconcileStores;
import io.reckon.reconciliation.plan.CorrectionPlanner;
import io.reckon.reconciliation.plan.VersionChooser;
import io.reckon.reconciliation.report.RunOutcome;
import io.reckon.schemas.version.Versions;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One reconciliation run of a day: fence, compare, publish the corrections in one transaction, wait until Pinot
 * shows them, re-compare, and mark the day FINAL only at zero difference. Every run is recorded, failed ones too,
 * but for one refused by the day's lease (it read nothing).
 */
public final class Reconciler {
    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int SAMPLES = 20;
    /** Queries reading the exact rows at once (ParallelExactRead: two read a day about four times faster than one). */
    static final int HIVE_READERS = 2;

    private final ReconcileSettings s;
    private final DayLeases leases;
    private final ReconcileStores stores;
    private final PrintStream out;

    /** @param leases where the day's lease and the run sequence come from (ZooKeeper, shared by every host) */
    public Reconciler(ReconcileSettings settings, DayLeases leases, PrintStream out) {
        this(settings, leases, ReconcileStores.of(settings), out);
    }

    /** @param stores Hive, Pinot and the publisher of corrections (the real ones: {@link ReconcileStores#of}) */
    public Reconciler(ReconcileSettings settings, DayLeases leases, ReconcileStores stores, PrintStream out) {
        this.s = settings;
        this.leases = leases;
        this.stores = stores;
        this.out = out;
    }

    public RunOutcome reconcile(LocalDate day) {
        long startedAt = System.currentTimeMillis();
        ReconcileRun run = new ReconcileRun("recon-" + day + "-" + RUN_TIME.format(Instant.ofEpochMilli(startedAt)) + "-"
                + String.format("%08x", ThreadLocalRandom.current().nextInt()), day, startedAt);
        out.println("reconcile " + day + ": run " + run.runId);
        ReconcileStores.Truth hive = null;
        try {
            long connectStart = System.nanoTime();
            acquireLease(run);
            hive = stores.truth();
            String txId = CorrectionPublisher.transactionalId(s.transactionalIdPrefix(), s.topic(), day.toString());
            // Fence first: from here on, an earlier run of this day can no longer publish.
            try (ReconcileStores.Corrections publisher = stores.fence(txId);
                 ReconcileStores.Pinot pinot = stores.pinot();
                 CorrectionSpool spool = new CorrectionSpool(s.workDir().resolve(run.runId + ".spool"));
                 ParallelExactRead exact = new ParallelExactRead(stores::truth, List.of(s.tables().exactTable()), day,
                         HIVE_READERS, s.workDir(), run.runId)) {
                run.phases.add("connect_fence", System.nanoTime() - connectStart);
                out.println("  fenced earlier runs of the day (transactional id " + txId + ")");
                Prepared prepared = prepare(hive, run);
                // 1. Compare, spilling the keys that need a correction.
                run.before = new DriftTally(SAMPLES);
                SortedSet<String> batchIds = compare(exact::rows, pinot, TimeRange.ofDay(day),
                        run.before.andThen(spool), run.phases, "", "read_hive");
                printComparison("compared", run.before);
                // 2. Lineage and version, and the truth checked against what its batch run recorded.
                checkTheTruth(hive, run, batchIds);
                chooseVersion(run, prepared.maxSequence());
                if (spool.entries() == 0) {
                    finishWithoutPublishing(hive, exact, run, prepared.current());
                } else {
                    publishAndVerify(hive, pinot, publisher, spool, exact, run);
                }
            }
        } catch (RuntimeException | IOException e) {
            run.outcome = RunOutcome.FAILED;
            run.message = OneLineErrors.describe(e);
        }
        if (run.outcome == RunOutcome.OPEN || run.outcome == RunOutcome.FAILED) {
            out.println("  " + day + " stays open: " + run.message);
        }
        try {
            new RunRecording(s, out).finish(hive, run);
        } finally {
            if (run.lease != null) {
                run.lease.close();
            }
        }
        return run.outcome;
    }

    /** One batch or reconcile per day at a time, whoever starts it: refused here, before anything is read. */
    private void acquireLease(ReconcileRun run) {
        try {
            run.lease = leases.acquire(run.day, DayLeases.holder("reconcile run " + run.runId));
        } catch (LeaseHeldException e) {
            run.refusedByLease = true;
            throw new IllegalStateException("refused: " + e.getMessage(), e);
        }
    }

    private record Prepared(OptionalLong maxSequence, Optional<HiveStore.FinalState> current) {
    }

    /** Fresh metadata of the tables the run reads, the highest run sequence recorded, and the day's current FINAL. */
    private Prepared prepare(ReconcileStores.Truth hive, ReconcileRun run) {
        return run.phases.time("prepare", () -> {
            hive.refresh(s.tables().exactTable());
            hive.refresh(s.tables().batchRunsTable());
            hive.refresh(s.tables().runsTable());
            hive.refresh(s.tables().finalsTable());
            Prepared p = new Prepared(hive.maxRunSequence(), hive.currentFinal(run.day));
            p.current().ifPresent(f -> run.previousFinalVersion = f.finalVersion());
            return p;
        });
    }

    /**
     * The lineage of the rows compared, and the refusals: rows that are not their batch run's recorded result (an
     * interrupted batch run), or a batch run forced over incomplete hours without {@code --accept-forced}.
     */
    private TruthCheck.Recorded checkTheTruth(ReconcileStores.Truth hive, ReconcileRun run, SortedSet<String> batchIds) {
        LocalDate day = run.day;
        HiveStore.Lineage lineage = run.phases.time("lineage", () -> lineage(hive, day, batchIds));
        run.batchRunId = lineage.batchRunId();
        run.lineage = lineage.maxOffsetByPartition();
        TruthCheck.Recorded recorded = run.phases.time("lineage", () -> hive.recordedResult(day, batchIds));
        Optional<String> notTheRunsResult = TruthCheck.disagreement(recorded, run.before.exactTotals());
        if (notTheRunsResult.isPresent()) {
            throw new IllegalStateException("refused: " + notTheRunsResult.get() + ", so the exact rows of "
                    + day + " are not that run's result (an interrupted batch run?); nothing was published and"
                    + " the day is not FINAL: run bin/reckon batch --date " + day + " again");
        }
        if (recorded.forced() && !s.acceptForced()) {
            throw new IllegalStateException("refused: batch run " + recorded.batchRunId() + " was forced over "
                    + "hours not marked complete (batch --force), so its rows may lack records the archive was "
                    + "still receiving; the day is not FINAL: run bin/reckon batch --date " + day + " once the "
                    + "archive is complete, or reconcile with --accept-forced to make it FINAL marked as forced");
        }
        run.forced = recorded.forced();
        if (run.forced) {
            out.println("  FORCED: the truth comes from a batch run forced over incomplete hours; accepted "
                    + "(--accept-forced), the FINAL record and the billing export say so");
        }
        return recorded;
    }

    /** Reserved, so that no other run (of any day, on any host) publishes with this version. */
    private void chooseVersion(ReconcileRun run, OptionalLong maxSequence) {
        run.sequence = leases.reserveRunSequence(
                VersionChooser.nextSequence(maxSequence, run.before.maxBatchVersion()) - 1);
        run.version = Versions.batch(run.sequence);
        out.println("  truth: batch run " + run.batchRunId + "; this run's version: 2^62 + " + run.sequence
                + " = " + run.version);
    }

    /**
     * Nothing to correct: the day is already FINAL on these rows, or it becomes FINAL now, if Hive still holds the
     * rows compared.
     */
    private void finishWithoutPublishing(ReconcileStores.Truth hive, ParallelExactRead exact, ReconcileRun run,
                                         Optional<HiveStore.FinalState> current) {
        if (current.isPresent() && current.get().batchRunId().equals(run.batchRunId)) {
            run.outcome = RunOutcome.ALREADY_FINAL;
            run.finalVersion = null;
            run.message = "nothing to publish: " + run.day + " is already FINAL at version "
                    + current.get().finalVersion() + " (run " + current.get().reconciliationRunId()
                    + ") and Pinot equals the exact rows";
            out.println("  " + run.message);
        } else {
            out.println("  nothing to publish: Pinot already equals the exact rows with batch versions");
            Optional<String> changed = truthChanged(hive, exact, run);
            if (changed.isPresent()) {
                run.outcome = RunOutcome.OPEN;
                run.message = "the exact rows changed during the run (" + changed.get() + "): run reconcile again";
            } else {
                run.phases.time("final", () -> markFinal(hive, run, run.before));
            }
        }
    }

    /** How Hive's summary of the exact rows differs from that of the rows the run read; empty when it does not. */
    private Optional<String> truthChanged(ReconcileStores.Truth hive, ParallelExactRead exact, ReconcileRun run) {
        ExactSummary read = exact.summary();
        ExactSummary now = run.phases.time("recheck_truth", () -> {
            hive.refresh(s.tables().exactTable());
            return hive.exactSummary(run.day);
        });
        return read.changeTo(now);
    }

    /**
     * 3. Publishes the corrections in one transaction, 4. waits until Pinot shows every one of them, 5. compares
     * Pinot again with the exact rows the run read (kept in {@code exact}, not read from HiveServer2 twice), and marks
     * the day FINAL only at zero difference and with Hive's exact rows unchanged since they were read (one aggregate
     * query: the same batch runs, row count and exact totals per currency).
     */
    private void publishAndVerify(ReconcileStores.Truth hive, ReconcileStores.Pinot pinot,
                                  ReconcileStores.Corrections publisher, CorrectionSpool spool, ParallelExactRead exact,
                                  ReconcileRun run) {
        long updatedAt = System.currentTimeMillis();
        long version = run.version;
        run.published = run.phases.time("publish", () -> publisher.publish(sink -> forEach(spool,
                e -> sink.accept(CorrectionPlanner.row(e.key(), e.exact(), e.pinotVersionBefore(), version,
                        updatedAt)))));
        long committedAt = System.currentTimeMillis();
        out.println("  published " + run.published + " corrections in one transaction (version " + version + ")");
        TimeRange dayRange = TimeRange.ofDay(run.day);
        boolean visible = run.phases.time("visibility",
                () -> new PinotVisibility(s, out).await(pinot, dayRange, version, run.published, committedAt, run));
        if (!visible) {
            run.outcome = RunOutcome.OPEN;
            return;
        }
        run.after = new DriftTally(SAMPLES);
        compare(exact::replay, pinot, dayRange, run.after, run.phases, "recheck_", "read_spool");
        printComparison("re-compared", run.after);
        Optional<String> changed = truthChanged(hive, exact, run);
        if (changed.isPresent()) {
            run.outcome = RunOutcome.OPEN;
            run.message = "the exact rows changed during the run (" + changed.get() + "): run reconcile again";
        } else if (run.after.needingCorrection() != 0) {
            run.outcome = RunOutcome.OPEN;
            run.message = run.after.needingCorrection() + " keys still differ after the corrections became visible"
                    + " (a concurrent writer?): the day stays open";
        } else {
            run.phases.time("final", () -> markFinal(hive, run, run.after));
        }
    }

    /** The exact rows of one pass; opening them may read (HiveServer2) or not (the run's spool). */
    @FunctionalInterface
    private interface ExactSource {
        ReconcileStores.ExactRows open() throws IOException;
    }

    /**
     * One full comparison. Phase times: {@code <prefix><source>} (opening and reading the exact rows: {@code read_hive}
     * from HiveServer2, {@code read_spool} from the run's file), {@code <prefix>read_pinot} (Pinot's queries),
     * {@code <prefix>compare} (the rest: merging, classifying, tallying, spilling).
     */
    private SortedSet<String> compare(ExactSource source, ReconcileStores.Pinot pinot, TimeRange day,
                                      Consumer<KeyOutcome> sink, Phases phases, String prefix, String sourcePhase) {
        long start = System.nanoTime();
        long open = System.nanoTime();
        ReconcileStores.ExactRows rows;
        try {
            rows = source.open();
        } catch (IOException e) {
            throw new UncheckedIOException("opening the exact rows: " + e.getMessage(), e);
        }
        try (ReconcileStores.ExactRows exact = rows) {
            open = System.nanoTime() - open;
            TimedIterator<ExactRow> exactRows = new TimedIterator<>(exact);
            TimedPageSource pinotRows = new TimedPageSource(pinot);
            TimeRangePager pager = new TimeRangePager(pinotRows, s.pageSize(), s.initialSpanMinutes());
            long pages = DayComparison.compare(day, pager, exactRows, sink);
            long sourceNanos = open + exactRows.nanos();
            phases.add(prefix + sourcePhase, sourceNanos);
            phases.add(prefix + "read_pinot", pinotRows.nanos());
            phases.add(prefix + "compare", Math.max(0, System.nanoTime() - start - sourceNanos - pinotRows.nanos()));
            out.println("  read " + exact.rows() + " exact rows" + (sourcePhase.equals("read_spool")
                    ? " (the run's own copy)" : "") + " and " + pages + " Pinot pages (" + pager.queries() + " queries)");
            return exact.batchRunIds();
        }
    }

    private static HiveStore.Lineage lineage(ReconcileStores.Truth hive, LocalDate day, SortedSet<String> batchIds) {
        if (!batchIds.isEmpty()) {
            return hive.lineage(batchIds);
        }
        String id = hive.latestSucceededBatchRun(day).orElseThrow(() -> new IllegalStateException(
                "no batch result for " + day + ": no exact rows and no SUCCEEDED batch run"
                        + " (run: bin/reckon batch --date " + day + ")"));
        return hive.lineage(List.of(id));
    }

    private void markFinal(ReconcileStores.Truth hive, ReconcileRun run, DriftTally verified) {
        // The run's fence, checked at the moment it records FINAL: had the lease ended (this process paused past
        // its session timeout, say), another batch or reconcile may have changed the day since the re-comparison.
        if (!run.lease.held()) {
            throw new IllegalStateException("refused FINAL: " + run.lease.describe() + " was lost during the run, so "
                    + "another batch or reconcile may have changed " + run.day + " since it was verified; the "
                    + "corrections are published, the day is not FINAL: reconcile again");
        }
        Totals.DayTotals day = Totals.ofDay(verified.exactTotals());
        FinalRecord record = new FinalRecord(run.day.toString(), run.version, run.sequence, run.runId, run.batchRunId,
                run.lineage, run.previousFinalVersion, run.published, day.keys(), day.impressions(), day.clicks(),
                day.spendByCurrency(), System.currentTimeMillis(), run.forced);
        hive.insert(record);
        run.finalVersion = run.version;
        run.outcome = RunOutcome.FINAL;
        if (run.forced) {
            run.message = "FINAL on a batch run forced over incomplete hours, accepted with --accept-forced";
        }
        out.println("  " + run.day + " is FINAL at version " + run.version + (run.forced ? " (FORCED)" : "")
                + (run.previousFinalVersion == null ? "" : " (replaces " + run.previousFinalVersion + ")")
                + ": batch run " + run.batchRunId + ", lineage " + run.lineage);
    }

    private void printComparison(String what, DriftTally t) {
        out.println("  " + what + " " + t.comparedKeys() + " keys: " + t.count(KeyClass.MATCH)
                + " match, " + t.count(KeyClass.RESTAMP) + " speed version to re-stamp, "
                + t.count(KeyClass.MISSING_IN_PINOT) + " missing in Pinot, "
                + t.count(KeyClass.EXTRA_IN_PINOT) + " extra in Pinot, "
                + t.count(KeyClass.VALUES_DIFFER) + " values differ");
        t.driftByCurrency().forEach((currency, d) -> out.println("    drift " + currency + ": " + d));
    }

    private static void forEach(CorrectionSpool spool, Consumer<CorrectionSpool.Entry> consumer) {
        try {
            spool.forEach(consumer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
