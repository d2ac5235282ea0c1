package io.reckon.orchestration.nightly;

import io.reckon.platform.process.ProcessTree;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One run of a step's command: its output copied line by line (indented with {@code "  | "}) and kept, its wait
 * bounded by the step's timeout, and its whole process tree stopped when it times out or when the chain itself is
 * stopped (SIGTERM, Ctrl-C), instead of orphaning it.
 */
final class StepProcess {
    /** How a command ended: its exit code and what it wrote. */
    record Result(int code, List<String> lines) {
    }

    /** Stopping a command: SIGTERM to the whole tree, SIGKILL to what is left this much later. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private StepProcess() {
    }

    /**
     * Runs {@code args} in {@code dir}; {@code started} is told the process as soon as it runs (to record its pid).
     * {@code what} names the step in messages; {@code timeoutSetting} is the setting that changes its timeout.
     */
    static Result run(List<String> args, Path dir, Map<String, String> env, Duration timeout, Duration readAfterExit,
                      PrintStream out, String what, String timeoutSetting, Consumer<Process> started) {
        ProcessBuilder pb = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        // The hook is in place before the command starts, so only a signal in the instant between its fork and the
        // assignment below can still miss it (registered after writing the state, as it was, a loaded machine hit
        // that window).
        AtomicReference<Process> running = new AtomicReference<>();
        Thread stopChild = new Thread(() -> {
            Process child = running.get();
            if (child != null) {
                stop(child);
            }
        }, "nightly-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        Process p;
        try {
            p = pb.start();
            running.set(p);
        } catch (IOException e) {
            Runtime.getRuntime().removeShutdownHook(stopChild);
            throw new IllegalStateException("cannot run " + args.get(0) + ": " + e.getMessage());
        }
        started.accept(p);
        // Output is read on its own thread, so the wait for the command is bounded by the step's timeout alone. Once
        // the command has ended the JDK (Linux) closes the pipe itself, so a process it left behind cannot block the
        // reading either; the bounded join is a safety net where that is not so.
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    out.println("  | " + line);
                }
            } catch (IOException closed) {
                // the command's end closed it
            }
        }, "nightly-step-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p);
                throw new IllegalStateException(String.join(" ", args) + " timed out after " + timeout
                        .toString().substring(2).toLowerCase(Locale.ROOT) + " and was stopped (" + timeoutSetting + ")");
            }
            reader.join(readAfterExit.toMillis());
            if (reader.isAlive()) {
                out.println(what + " ended, but a process it started still holds its output open; not waiting for it");
            }
            synchronized (lines) {
                return new Result(p.exitValue(), List.copyOf(lines));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(p);
            throw new IllegalStateException("interrupted");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to
            }
        }
    }

    private static void stop(Process p) {
        ProcessTree.stop(p.toHandle(), STOP_GRACE);
    }
}
