package io.reckon.coordination;

import java.time.LocalDate;

/**
 * The day leases of one JVM, for the unit tests of the runs that take them (batch's and reconciliation's; shipped in
 * this module's test jar): the day is held by another run while {@link #heldBy} is set, a lease taken while
 * {@link #loseTheLease} is set is already lost when first checked, and run sequences count up from 1.
 */
public final class MemoryDayLeases implements DayLeases {
    public String heldBy;
    public boolean loseTheLease;
    public long sequence;
    public int taken;
    /** The last lease taken. */
    public Lease lease;

    @Override
    public DayLease acquire(LocalDate day, String holder) {
        if (heldBy != null) {
            throw new LeaseHeldException(day + " is being processed by " + heldBy, heldBy);
        }
        taken++;
        lease = new Lease(day, holder, !loseTheLease);
        return lease;
    }

    @Override
    public long reserveRunSequence(long floor) {
        sequence = Math.max(sequence, floor) + 1;
        return sequence;
    }

    @Override
    public void close() {
    }

    public static final class Lease implements DayLease {
        private final LocalDate day;
        private final String holder;
        private final boolean held;
        public boolean closed;

        Lease(LocalDate day, String holder, boolean held) {
            this.day = day;
            this.holder = holder;
            this.held = held;
        }

        @Override
        public boolean held() {
            return held && !closed;
        }

        @Override
        public String describe() {
            return "the lease of " + day + " (" + holder + ")";
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
