package io.reckon.e2e;

import io.reckon.stack.testkit.StackEndpoints;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault campaign's hands on the stack's engines, all from the outside (issue #14: the product gets no test-only
 * switches): signals to the PIDs the stack launcher records, and a restart through {@code bin/reckon stack up}, which
 * starts whatever component is not running, as an operator would. Counts every fault it injects, and when the last
 * one ended.
 */
final class StackFaults {
    private final StackEndpoints stack;
    private final Path logs;
    private final Map<String, Integer> counts = new TreeMap<>();
    private Instant lastFault = Instant.now();
    private int restarts;

    StackFaults(StackEndpoints stack, Path logs) {
        this.stack = stack;
        this.logs = logs;
    }

    /** SIGSTOP a component for a while, then SIGCONT; counted as "component SIGSTOP". */
    void pause(String component, Duration howLong) {
        pause(component, howLong, component + " SIGSTOP" + (howLong.toSeconds() >= 60 ? " for a minute or more" : ""));
    }

    /** The same, counted under {@code kind}. The stop's length is the fault itself, so it is slept, not polled. */
    void pause(String component, Duration howLong, String kind) {
        long pid = pid(component);
        signal("STOP", pid);
        try {
            sleep(howLong.toMillis());
        } finally {
            signal("CONT", pid);
        }
        count(kind);
    }

    /** SIGKILL a component, then {@code bin/reckon stack up} starts it again; returns once it is healthy. */
    void killAndRestart(String component) {
        long pid = pid(component);
        signal("KILL", pid);
        awaitGone(pid, Duration.ofSeconds(30));
        stackUp(component);
        count(component + " SIGKILL and restart");
    }

    /** SIGKILL a component and return at once (it stays down until {@link #startWhatIsDown}). */
    void kill(String component) {
        long pid = pid(component);
        signal("KILL", pid);
        awaitGone(pid, Duration.ofSeconds(30));
    }

    /** SIGSTOP a component and return at once: frozen, its sockets accept and never answer. */
    void freeze(String component) {
        signal("STOP", pid(component));
    }

    /** SIGTERM a component (a graceful stop, as for an upgrade), then {@code bin/reckon stack up} starts it again. */
    void restart(String component) {
        long pid = pid(component);
        signal("TERM", pid);
        if (!awaitGoneOrFalse(pid, Duration.ofSeconds(60))) {
            signal("KILL", pid);
            awaitGone(pid, Duration.ofSeconds(30));
        }
        stackUp(component);
        count(component + " restart");
    }

    /** {@code bin/reckon stack up}: starts every component that is not running; returns once all are healthy. */
    void stackUp(String component) {
        Path config = stack.configFile().orElseThrow(() -> new AssertionError("the suite stack's config is unknown"));
        Path log = logs.resolve("demo-stack-up-" + (++restarts) + "-" + component + ".log");
        try {
            Files.createDirectories(logs);
            ProcessBuilder pb = new ProcessBuilder(stack.home().resolve("bin").resolve("reckon").toString(), "stack",
                    "up", "--config", config.toString()).directory(stack.home().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().remove("RECKON_DATA_DIR");  // the stack's own data dir comes from its config
            pb.environment().put("RECKON_NO_BUILD", "1");
            Process p = pb.start();
            assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("bin/reckon stack up within 4 min; see " + log).isTrue();
            assertThat(p.exitValue()).as("bin/reckon stack up; see " + log).isZero();
        } catch (IOException e) {
            throw new AssertionError("bin/reckon stack up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    long pid(String component) {
        Path file = stack.stackDataDir().resolve("run").resolve(component + ".pid");
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException e) {
            throw new AssertionError("no pid of " + component + " in " + file, e);
        }
    }

    static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal + " " + pid)
                    .isTrue();
        } catch (IOException e) {
            throw new AssertionError("kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitGone(long pid, Duration timeout) {
        assertThat(awaitGoneOrFalse(pid, timeout)).as("pid " + pid + " gone within " + timeout).isTrue();
    }

    private static boolean awaitGoneOrFalse(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(100);
        }
        return true;
    }

    /** Records one injected fault of a kind (any thread). */
    void count(String fault) {
        synchronized (counts) {
            counts.merge(fault, 1, Integer::sum);
            lastFault = Instant.now();
        }
    }

    Map<String, Integer> counts() {
        synchronized (counts) {
            return new TreeMap<>(counts);
        }
    }

    Instant lastFault() {
        synchronized (counts) {
            return lastFault;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
