package io.reckon.stack.process;

import io.reckon.platform.process.ProcessTree;
import io.reckon.stack.StackException;
import io.reckon.stack.config.StackConfig;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts the stack's JVMs as detached processes with a log and a PID file each, finds them again from
 * another invocation, and stops them: SIGTERM, a timeout, then SIGKILL, descendants included.
 */
public final class Supervisor {
    private final StackConfig config;

    public Supervisor(StackConfig config) {
        this.config = config;
    }

    /** Starts the JVM in the background; its output goes to the component's log file. */
    public ProcessHandle start(JvmSpec spec) {
        Path log = config.logFile(spec.component());
        Path pidFile = config.pidFile(spec.component());
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(pidFile.getParent());
            Files.writeString(log, "=== " + java.time.Instant.now() + " starting " + spec.component() + "\n"
                    + String.join(" ", spec.command()) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(spec.command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (spec.workDir() != null) {
                Files.createDirectories(spec.workDir());
                pb.directory(spec.workDir().toFile());
            }
            Process p = pb.start();
            Files.writeString(pidFile, Long.toString(p.pid()));
            return p.toHandle();
        } catch (IOException e) {
            throw new StackException("cannot start " + spec.component() + ": " + e.getMessage() + " (log: " + log + ")", e);
        }
    }

    /** Runs a JVM to completion (a one-off tool such as a storage format); fails with its log on error. */
    public void runToCompletion(JvmSpec spec, Duration timeout) {
        ProcessHandle h = start(spec);
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
            throw new StackException(spec.component() + " did not finish within " + timeout.toSeconds()
                    + " s; see " + config.logFile(spec.component()));
        } finally {
            deletePidFile(spec.component());
        }
    }

    /** The component's process, if its PID file names a live process that carries our marker for it. */
    public Optional<ProcessHandle> running(String component) {
        Path pidFile = config.pidFile(component);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> commandLine(h).contains(JvmSpec.COMPONENT_MARKER + component));
    }

    /** Stops the component if it runs; returns true if something was stopped. */
    public boolean stop(String component, Duration timeout) {
        Optional<ProcessHandle> handle = running(component);
        if (handle.isEmpty()) {
            deletePidFile(component);
            return false;
        }
        ProcessHandle h = handle.get();
        ProcessTree.stop(h, timeout);
        if (h.isAlive()) {
            throw new StackException(component + " (pid " + h.pid() + ") survived SIGKILL; see " + config.logFile(component));
        }
        deletePidFile(component);
        return true;
    }

    private void deletePidFile(String component) {
        try {
            Files.deleteIfExists(config.pidFile(component));
        } catch (IOException ignored) {
            // a stale PID file is harmless: running() checks the process behind it
        }
    }

    private static String commandLine(ProcessHandle h) {
        // /proc gives the full command line on Linux; ProcessHandle.Info may truncate it.
        Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException ignored) {
            // fall through to ProcessHandle.Info
        }
        return h.info().commandLine().orElse("");
    }
}
