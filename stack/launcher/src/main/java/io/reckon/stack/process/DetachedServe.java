package io.reckon.stack.process;

import io.reckon.platform.process.ProcessTree;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dashboards a stack's pipelines run detached ({@code bin/reckon serve --detach}): the stack's own and its
 * instances'. {@code stack down} stops them, so that nothing reading the stack outlives it. A PID file whose process
 * is gone, or is some other program now (a recycled PID), is left alone.
 */
public final class DetachedServe {
    static final String MAIN = "io.reckon.dashboard.ServeMain";

    private DetachedServe() {
    }

    /** Stops every detached dashboard of the stack in {@code stackDataDir}; returns how many were stopped. */
    public static int stopAll(Path stackDataDir, Duration grace, PrintStream out) {
        int stopped = 0;
        for (Path pidFile : pidFiles(stackDataDir)) {
            Optional<ProcessHandle> serve = running(pidFile);
            if (serve.isPresent()) {
                long pid = serve.get().pid();
                ProcessTree.stop(serve.get(), grace);
                out.println("  stopped serve        (pid " + pid + ", " + pidFile + ")");
                stopped++;
            }
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // a stale PID file is recognised as such next time
            }
        }
        return stopped;
    }

    /** The dashboard a PID file names, if it still runs. */
    static Optional<ProcessHandle> running(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(MAIN)).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<Path> pidFiles(Path stackDataDir) {
        List<Path> out = new ArrayList<>();
        Path own = stackDataDir.resolve("run").resolve("serve.pid");
        if (Files.isRegularFile(own)) {
            out.add(own);
        }
        Path instances = stackDataDir.resolve("instances");
        if (Files.isDirectory(instances)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(instances)) {
                for (Path d : dirs) {
                    Path f = d.resolve("run").resolve("serve.pid");
                    if (Files.isRegularFile(f)) {
                        out.add(f);
                    }
                }
            } catch (IOException ignored) {
                // nothing to stop there
            }
        }
        return out;
    }
}
