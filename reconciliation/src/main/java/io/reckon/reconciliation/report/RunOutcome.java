package io.reckon.reconciliation.report;

/** How a reconciliation run ended. */
public enum RunOutcome {
    /** Pinot equals the exact rows; the day is FINAL at this run's version. Exit 0. */
    FINAL,
    /** The day was already FINAL on the same batch result and Pinot still equals it: nothing published. Exit 0. */
    ALREADY_FINAL,
    /** Differences remain (or the corrections did not become visible in time): the day stays open. Exit 1. */
    OPEN,
    /** An error stopped the run; the day stays as it was. Exit 1. */
    FAILED;

    public boolean isFinal() {
        return this == FINAL || this == ALREADY_FINAL;
    }
}
