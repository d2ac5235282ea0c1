package io.reckon.stack.testkit;

import io.reckon.stack.location.StackLocation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The stack as one test run holds it: started by us (and stopped by us), or found running and left alone. */
final class StackHandle implements AutoCloseable {
    private static final int START_TIMEOUT_MINUTES = 5;

    private final Path home;
    private final boolean startedHere;
    private final StackEndpoints endpoints;

    private StackHandle(Path home, boolean startedHere, StackEndpoints endpoints) {
        this.home = home;
        this.startedHere = startedHere;
        this.endpoints = endpoints;
    }

    static StackHandle acquire() {
        Path home = findHome();
        boolean running = reckon(home, "status") == 0;
        if (!running) {
            int rc = reckon(home, "up");
            if (rc != 0) {
                throw new IllegalStateException("bin/reckon stack up failed (exit " + rc + "); see "
                        + log(home) + " and the component logs under the stack's data directory");
            }
        }
        return new StackHandle(home, !running, StackEndpoints.read(dataDir(home)));
    }

    StackEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        if (startedHere && !Boolean.getBoolean("reckon.stack.keep")) {
            reckon(home, "down");
        }
    }

    private static int reckon(Path home, String action) {
        Path log = log(home);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(List.of(home.resolve("bin").resolve("reckon").toString(), "stack", action))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // The build that runs this test has just packaged the launcher: Maven must not run inside Maven.
            pb.environment().put("RECKON_NO_BUILD", "1");
            Process p = pb.start();
            if (!p.waitFor(START_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("bin/reckon stack " + action + " did not finish in "
                        + START_TIMEOUT_MINUTES + " min; see " + log);
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run bin/reckon stack " + action + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running bin/reckon stack " + action, e);
        }
    }

    private static Path log(Path home) {
        return dataDir(home).resolve("logs").resolve("testkit.log");
    }

    static Path dataDir(Path home) {
        return StackLocation.dataDir(home, System.getenv());
    }

    /** The repository root: -Dreckon.home (set by the build), else the nearest parent holding bin/reckon. */
    static Path findHome() {
        String prop = System.getProperty("reckon.home");
        if (prop != null && Files.isExecutable(Path.of(prop, "bin", "reckon"))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin").resolve("reckon"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find bin/reckon: set -Dreckon.home to the repository root");
    }
}
