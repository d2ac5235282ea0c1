package io.reckon.coordination;

import java.time.LocalDate;

/**
 * What the batch and reconcile jobs of one pipeline agree on, whichever host runs them: at most one of them works on
 * a day at a time (a {@link DayLease}), and every reconciliation run has a run sequence no other run has.
 */
public interface DayLeases extends AutoCloseable {

    /**
     * Takes the lease of {@code day}.
     *
     * @param holder who takes it, as another run will be told ("reconcile run recon-... pid 123 on host-a ...")
     * @throws LeaseHeldException if another run holds it; its message names that holder
     */
    DayLease acquire(LocalDate day, String holder);

    /**
     * Reserves a run sequence above {@code floor} and above every sequence reserved before, for the pipeline's
     * whole life (all days): two runs never publish with one version, even on different days at once.
     */
    long reserveRunSequence(long floor);

    /** Ends the session: every lease still held ends with it. */
    @Override
    void close();
}
