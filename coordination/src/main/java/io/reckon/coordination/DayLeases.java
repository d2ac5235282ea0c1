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

    /** "what, pid N on host, since instant": how a run describes itself as a lease's holder. */
    static String holder(String what) {
        return what + ", pid " + ProcessHandle.current().pid() + " on " + hostName() + ", since "
                + java.time.Instant.now();
    }

    /**
     * Whether a {@link #holder} description names a process of this host that no longer runs (killed, so its lease
     * ends with its session shortly). A holder of another host, or a living process, is not known to be dead.
     */
    static boolean deadOnThisHost(String holder) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(", pid (\\d+) on (\\S+), since ").matcher(holder);
        if (!m.find() || !m.group(2).equals(hostName())) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** Ends the session: every lease still held ends with it. */
    @Override
    void close();
}
