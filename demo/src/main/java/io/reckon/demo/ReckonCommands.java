package io.reckon.demo;

import io.reckon.platform.process.ProcessTree;
import io.reckon.stack.StackException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs other reckon commands ({@code bin/reckon generate|stream|batch|reconcile}) as child processes, each on its
 * module's own classpath, on one data directory (its pipeline), with its output in {@code logs/demo-<name>.log}.
 */
public final class ReckonCommands {
    private final Path home;
    private final Path dataDir;

    /** Commands of the installation {@code home} on the pipeline of {@code dataDir}. */
    public ReckonCommands(Path home, Path dataDir) {
        this.home = home;
        this.dataDir = dataDir;
    }

    public Path log(String name) {
        return dataDir.resolve("logs").resolve("demo-" + name + ".log");
    }

    /** Runs {@code bin/reckon args...} to completion and returns its exit code. */
    public int run(String name, Duration timeout, String... args) {
        Process p = start(name, args);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTree.kill(p.toHandle());
                throw new StackException("bin/reckon " + args[0] + " did not finish within " + timeout.toMinutes()
                        + " min; see " + log(name));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running bin/reckon " + args[0]);
        }
    }

    /** Runs it and fails the demo with its log's name if it does not exit 0. */
    void require(String name, Duration timeout, String... args) {
        int rc = run(name, timeout, args);
        if (rc != 0) {
            throw new StackException("bin/reckon " + String.join(" ", args) + " failed (exit " + rc + "); see " + log(name));
        }
    }

    /** Starts {@code bin/reckon args...} and returns at once (its output in {@link #log}). */
    public Process start(String name, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve("reckon").toString());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(log(name).getParent());
            Files.writeString(log(name), "$ bin/reckon " + String.join(" ", args) + "\n");
            ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("RECKON_DATA_DIR", dataDir.toString());
            if (Boolean.getBoolean("reckon.noBuild")) {
                // Inside a Maven build (the end-to-end test): the artifacts are built; never run Maven under Maven.
                pb.environment().put("RECKON_NO_BUILD", "1");
            }
            return pb.start();
        } catch (IOException e) {
            throw new StackException("cannot run bin/reckon " + args[0] + ": " + e.getMessage(), e);
        }
    }
}
