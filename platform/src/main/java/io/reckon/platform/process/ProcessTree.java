package io.reckon.platform.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stopping a process and everything it started, the one way reckon does it. The tree is taken before any signal: once
 * a process is gone its children belong to init and can no longer be found from it.
 */
public final class ProcessTree {
    /** How long a SIGKILLed process is given to disappear. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    /**
     * SIGTERM to the process and every descendant, SIGKILL to whatever is left after {@code grace}; true when none of
     * them is alive at the end.
     */
    public static boolean stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = tree(root);
        tree.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : tree) {
            if (!awaitExit(h, Duration.ofNanos(Math.max(until - System.nanoTime(), 0)))) {
                h.destroyForcibly();
            }
        }
        return awaitAll(tree);
    }

    /** SIGKILL to the process and every descendant at once; true when none of them is alive at the end. */
    public static boolean kill(ProcessHandle root) {
        List<ProcessHandle> tree = tree(root);
        tree.forEach(ProcessHandle::destroyForcibly);
        return awaitAll(tree);
    }

    /** The descendants first, the root last (so that a parent cannot respawn what was just stopped). */
    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        return tree;
    }

    private static boolean awaitAll(List<ProcessHandle> tree) {
        long until = System.nanoTime() + AFTER_KILL.toNanos();
        boolean gone = true;
        for (ProcessHandle h : tree) {
            gone &= awaitExit(h, Duration.ofNanos(Math.max(until - System.nanoTime(), 0)));
        }
        return gone;
    }

    private static boolean awaitExit(ProcessHandle h, Duration timeout) {
        if (!h.isAlive()) {
            return true;
        }
        try {
            h.onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }
}
