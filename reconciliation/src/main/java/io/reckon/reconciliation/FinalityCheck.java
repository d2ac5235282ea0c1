package io.reckon.reconciliation;

import io.reckon.reconciliation.compare.DayComparison;
import io.reckon.reconciliation.compare.DriftTally;
import io.reckon.reconciliation.compare.TimeRange;
import io.reckon.reconciliation.compare.TimeRangePager;
import io.reckon.reconciliation.io.HiveStore;
import io.reckon.reconciliation.io.ParallelExactRead;
import io.reckon.reconciliation.io.ReconcileStores;
import io.reckon.reconciliation.reopen.TouchedDays;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** Read-only checks: is a day FINAL and still true ({@code --verify-final}), which days were reopened. */
public final class FinalityCheck {
    private final ReconcileSettings s;
    private final ReconcileStores stores;
    private final PrintStream out;

    public FinalityCheck(ReconcileSettings settings, PrintStream out) {
        this(settings, ReconcileStores.of(settings), out);
    }

    /** With the given stores (the real ones, or in-memory ones in tests). */
    FinalityCheck(ReconcileSettings settings, ReconcileStores stores, PrintStream out) {
        this.s = settings;
        this.stores = stores;
        this.out = out;
    }

    /**
     * True when the day has a FINAL record, that record names the batch run(s) whose rows are the current exact
     * rows, and Pinot shows exactly those rows, each with a batch version. Publishes nothing.
     */
    public boolean verifyFinal(LocalDate day) {
        try (ReconcileStores.Truth hive = stores.truth(); ReconcileStores.Pinot pinot = stores.pinot()) {
            hive.refresh(s.tables().finalsTable());
            Optional<HiveStore.FinalState> state = hive.currentFinal(day);
            if (state.isEmpty()) {
                out.println(day + " is NOT FINAL: no record in " + s.tables().finalsTable()
                        + " (run: bin/reckon reconcile --date " + day + ")");
                return false;
            }
            hive.refresh(s.tables().exactTable());
            DriftTally tally = new DriftTally(5);
            SortedSet<String> batchIds;
            try (ParallelExactRead read = new ParallelExactRead(stores::truth, List.of(s.tables().exactTable()), day,
                    Reconciler.HIVE_READERS, s.workDir(), "verify-" + day + "-" + ProcessHandle.current().pid());
                 ReconcileStores.ExactRows exact = read.rows()) {
                DayComparison.compare(TimeRange.ofDay(day),
                        new TimeRangePager(pinot, s.pageSize(), s.initialSpanMinutes()), exact, tally);
                batchIds = exact.batchRunIds();
            } catch (IOException e) {
                throw new UncheckedIOException("the local copy of the exact rows: " + e.getMessage(), e);
            }
            HiveStore.FinalState f = state.get();
            if (!batchIds.isEmpty() && !String.join(",", batchIds).equals(f.batchRunId())) {
                out.println(day + " is NOT FINAL any more: the exact rows now come from batch run(s) " + batchIds
                        + ", the FINAL version " + f.finalVersion() + " was made from " + f.batchRunId()
                        + " (run: bin/reckon reconcile --date " + day + ")");
                return false;
            }
            if (tally.needingCorrection() != 0) {
                out.println(day + " is NOT FINAL any more: " + tally.differences() + " keys differ and "
                        + tally.count(io.reckon.reconciliation.compare.KeyClass.RESTAMP)
                        + " carry a speed version in Pinot (FINAL version " + f.finalVersion() + ")");
                return false;
            }
            out.println(day + " is FINAL at version " + f.finalVersion() + " (reconciliation run "
                    + f.reconciliationRunId() + ", batch run " + f.batchRunId() + "): Pinot equals the exact rows for "
                    + tally.comparedKeys() + " keys");
            return true;
        }
    }

    /**
     * Days before {@code before} that became FINAL and have since received events, ascending: archived records
     * above the FINAL lineage's offsets, or touched-after-complete records written after the batch behind the
     * FINAL started ({@link TouchedDays}).
     */
    public List<LocalDate> reopened(LocalDate before) {
        try (HiveStore hive = new HiveStore(s.hiveJdbcUrl(), s.tables())) {
            hive.refresh(s.tables().rawTable());
            hive.refresh(s.tables().finalsTable());
            hive.refresh(s.tables().batchRunsTable());
            List<LocalDate> byOffsets = hive.reopenedDays(before);
            List<TouchedDays.Touch> touches = hive.touchedRecords(hive.location(s.tables().rawTable()));
            SortedSet<LocalDate> byTouch = TouchedDays.reopened(hive.finalBases(before), touches, before);
            out.println("reopened before " + before + ": " + byOffsets.size() + " day(s) by archive offsets above the"
                    + " FINAL lineage " + byOffsets + ", " + byTouch.size() + " by touched-after-complete records"
                    + " newer than the batch behind the FINAL " + byTouch + " (" + touches.size() + " records read)");
            SortedSet<LocalDate> all = new TreeSet<>(byOffsets);
            all.addAll(byTouch);
            return List.copyOf(all);
        }
    }
}
