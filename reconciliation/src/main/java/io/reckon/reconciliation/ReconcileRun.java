package io.reckon.reconciliation;

import io.reckon.coordination.DayLease;
import io.reckon.reconciliation.compare.DriftTally;
import io.reckon.reconciliation.report.RunOutcome;

import java.time.LocalDate;
import java.util.SortedMap;

/** Mutable state of the run, so a failure at any step can still be recorded with what was known. */
final class ReconcileRun {
    final String runId;
    final LocalDate day;
    DayLease lease;
    /** Refused before anything was read: another run holds the day. */
    boolean refusedByLease;
    final long startedAt;
    Long sequence;
    Long version;
    String batchRunId;
    SortedMap<Integer, Long> lineage;
    boolean forced;
    DriftTally before;
    DriftTally after;
    long published;
    Long visibleAfterMs;
    Long finalVersion;
    Long previousFinalVersion;
    RunOutcome outcome;
    String message;
    final Phases phases = new Phases();

    ReconcileRun(String runId, LocalDate day, long startedAt) {
        this.runId = runId;
        this.day = day;
        this.startedAt = startedAt;
    }
}
