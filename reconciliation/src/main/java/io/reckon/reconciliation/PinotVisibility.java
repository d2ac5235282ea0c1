package io.reckon.reconciliation;

import io.reckon.reconciliation.compare.TimeRange;
import io.reckon.reconciliation.io.ReconcileStores;

import java.io.PrintStream;

/**
 * Waits until Pinot shows every correction of a run's version, up to {@code --visibility-timeout} after the commit.
 * Only then may the run compare again: a re-comparison before that would see the old rows and find drift that is
 * already corrected.
 */
final class PinotVisibility {
    private final ReconcileSettings s;
    private final PrintStream out;

    PinotVisibility(ReconcileSettings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    /**
     * True once Pinot counts {@code expected} rows at {@code version} in {@code day}; false at the deadline, with
     * the reason in {@code run.message} (the day then stays OPEN).
     */
    boolean await(ReconcileStores.Pinot pinot, TimeRange day, long version, long expected, long committedAt,
                  ReconcileRun run) {
        long deadline = committedAt + s.visibilityTimeout().toMillis();
        long seen = 0;
        String failing = null;
        while (true) {
            // A Pinot that does not answer (restarting, its segments not yet loaded) is waited out like a slow one,
            // up to the same deadline: the corrections are committed in Kafka, and Pinot consumes them once back.
            try {
                seen = pinot.countAtVersion(day, version);
                failing = null;
            } catch (IllegalStateException e) {
                if (failing == null) {
                    out.println("  Pinot does not answer, waiting for it (" + abbreviate(e.getMessage()) + ")");
                }
                failing = e.getMessage();
            }
            if (failing == null && seen >= expected) {
                run.visibleAfterMs = System.currentTimeMillis() - committedAt;
                out.println("  Pinot shows all " + expected + " corrections after " + run.visibleAfterMs + " ms");
                return true;
            }
            if (System.currentTimeMillis() >= deadline) {
                run.message = failing != null
                        ? "Pinot did not answer within " + s.visibilityTimeout().toSeconds() + " s of the commit ("
                                + abbreviate(failing) + "); the corrections are committed: run reconcile again once"
                                + " Pinot is back (--visibility-timeout to wait longer)"
                        : "Pinot shows only " + seen + " of " + expected + " corrections of version " + version
                        + " after " + s.visibilityTimeout().toSeconds() + " s: is table " + s.pinotTable()
                        + " consuming topic " + s.topic() + "? (--visibility-timeout to wait longer)";
                return false;
            }
            try {
                Thread.sleep(s.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Pinot", e);
            }
        }
    }

    private static String abbreviate(String message) {
        String line = message == null ? "" : message.replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
