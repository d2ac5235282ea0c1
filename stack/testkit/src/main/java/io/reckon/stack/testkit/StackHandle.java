package io.reckon.stack.testkit;

import io.reckon.platform.process.ProcessTree;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

/**
 * The stack the test suite runs on. Never the user's: either the suite's own stack, in {@code .reckon-it} of the
 * repository on its own port block ({@link #CONFIG}), or a running stack named explicitly with
 * {@code -Dreckon.it.stack=DATA_DIR}.
 *
 * <p>The suite's own stack is started once per build: the first test JVM that needs it starts it (on a clean data
 * directory) and ties it to the build, i.e. to the Maven process it runs under; the next modules' test JVMs of the
 * same build reuse it, and a detached reaper ({@code bin/reckon stack down --after-pid}) takes it down when that
 * build ends, whether it passed, failed or was interrupted. A stack found running there that no build owns (started
 * by {@code .ci/run}, or kept with {@code -Dreckon.stack.keep=true}) is reused and left running.
 */
final class StackHandle {
    /** A running stack's data directory to use as it is (never started, stopped or cleaned by the tests). */
    static final String STACK_PROPERTY = "reckon.it.stack";
    /** The suite's own stack settings, relative to the repository root. */
    static final String CONFIG = "stack/testkit/reckon-it-stack.properties";
    static final String DATA_DIR = ".reckon-it";
    private static final int TIMEOUT_MINUTES = 5;

    private final Path home;
    private final StackEndpoints endpoints;

    private StackHandle(Path home, StackEndpoints endpoints) {
        this.home = home;
        this.endpoints = endpoints;
    }

    StackEndpoints endpoints() {
        return endpoints;
    }

    Path home() {
        return home;
    }

    static StackHandle acquire() {
        Path home = findHome();
        String named = System.getProperty(STACK_PROPERTY);
        if (named != null && !named.isBlank()) {
            Path dir = home.resolve(named).normalize();
            log(home, "using the stack named by -D" + STACK_PROPERTY + ": " + dir);
            return new StackHandle(home, StackEndpoints.read(home, dir, null));
        }
        Path dataDir = home.resolve(DATA_DIR);
        Path owner = dataDir.resolve("run").resolve("testkit.owner");
        Path reaper = dataDir.resolve("run").resolve("testkit.reaper");
        long build = buildPid();
        Decision decision = decide(stack(home, "status") == 0, readPid(owner), ProcessHandle.current().pid(), build,
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        log(home, "build " + build + ": " + decision);
        switch (decision) {
            case REUSE -> { }
            // Ours (or a running build's), but a component does not answer: start what is missing, wipe nothing.
            case REPAIR -> requireZero(home, "up");
            case RESTART_STALE, START -> {
                // A reaper of an ended build may still be stopping the stack: let it finish first.
                readPid(reaper).flatMap(ProcessHandle::of).ifPresent(p -> waitFor(p, home));
                requireZero(home, "down");  // whatever is left of an earlier run (harmless when nothing runs)
                clean(dataDir);
                requireZero(home, "up");
                if (!Boolean.getBoolean("reckon.stack.keep")) {
                    writePid(owner, build);
                    writePid(reaper, startReaper(home, build));
                } else {
                    deleteQuietly(owner);
                }
            }
            default -> throw new IllegalStateException(decision.toString());
        }
        return new StackHandle(home, StackEndpoints.read(home, dataDir, home.resolve(CONFIG)));
    }

    /** What a test JVM does with the suite's stack. */
    enum Decision { REUSE, REPAIR, START, RESTART_STALE }

    /**
     * {@code up}: the stack answers; {@code owner}: the build that started it, if one did; {@code build}: the build
     * this JVM belongs to. A stack owned by a build that has ended is about to be taken down by its reaper.
     */
    static Decision decide(boolean up, Optional<Long> owner, long self, long build, LongPredicate alive) {
        boolean ownerRuns = owner.isPresent()
                && (owner.get() == build || owner.get() == self || alive.test(owner.get()));
        if (!up) {
            // A stack of a running build (an earlier module of this one) is never wiped under it: only repaired.
            return ownerRuns ? Decision.REPAIR : Decision.START;
        }
        if (owner.isEmpty()) {
            return Decision.REUSE;  // started by hand or by .ci/run, or kept: not ours to stop
        }
        return ownerRuns ? Decision.REUSE : Decision.RESTART_STALE;
    }

    /**
     * The Maven process this test JVM runs under (failsafe forks it, sometimes through a shell), else this JVM: the
     * stack then lives as long as this JVM (a test run from an IDE).
     */
    static long buildPid() {
        for (Optional<ProcessHandle> p = ProcessHandle.current().parent(); p.isPresent(); p = p.get().parent()) {
            if (isMaven(commandLine(p.get()))) {
                return p.get().pid();
            }
        }
        return ProcessHandle.current().pid();
    }

    static boolean isMaven(String commandLine) {
        return commandLine.contains("org.codehaus.plexus.classworlds.launcher.Launcher")
                || commandLine.contains("org.mvndaemon.mvnd");
    }

    private static String commandLine(ProcessHandle p) {
        try {
            // /proc has the whole command line; ProcessHandle.Info may truncate or omit it
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | UnsupportedOperationException e) {
            return p.info().commandLine().orElse("");
        }
    }

    /** A detached {@code bin/reckon stack down --after-pid BUILD}: in its own session, so Ctrl-C of the build spares it. */
    private static long startReaper(Path home, long build) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(stackCommand(home, "down", "--after-pid", Long.toString(build)));
        try {
            return processBuilder(home, command, logFile(home, "testkit-reaper")).start().pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stack's reaper", e);
        }
    }

    private static void requireZero(Path home, String action) {
        int rc = stack(home, action);
        if (rc != 0) {
            throw new IllegalStateException("bin/reckon stack " + action + " --config " + CONFIG + " failed (exit " + rc
                    + "); see " + logFile(home, "testkit") + " and the component logs in " + home.resolve(DATA_DIR).resolve("logs"));
        }
    }

    private static int stack(Path home, String action) {
        Path log = logFile(home, "testkit");
        return run(processBuilder(home, stackCommand(home, action), log), "bin/reckon stack " + action, log);
    }

    /** Runs a bin/reckon command to its end (at most {@value #TIMEOUT_MINUTES} min) and returns its exit code. */
    static int run(ProcessBuilder pb, String what, Path log) {
        try {
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                ProcessTree.kill(p.toHandle());
                throw new IllegalStateException(what + " did not finish in " + TIMEOUT_MINUTES + " min; see " + log);
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }

    private static List<String> stackCommand(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("reckon").toString(), "stack"));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", home.resolve(CONFIG).toString()));
        return command;
    }

    /** bin/reckon with the suite's settings alone: the user's RECKON_DATA_DIR and RECKON_STACK_CONFIG do not count. */
    static ProcessBuilder processBuilder(Path home, List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + log.getParent(), e);
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.remove("RECKON_DATA_DIR");
        env.remove("RECKON_STACK_CONFIG");
        // The build that runs this test has packaged the launcher: Maven must not run inside Maven.
        env.put("RECKON_NO_BUILD", "1");
        return pb;
    }

    /** A fresh data directory for a stack this build starts; the previous run's logs are kept beside it. */
    private static void clean(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        try (Stream<Path> top = Files.list(dataDir)) {
            for (Path p : top.filter(p -> !p.getFileName().toString().equals("logs")).toList()) {
                try (Stream<Path> tree = Files.walk(p)) {
                    for (Path f : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the suite's data directory " + dataDir, e);
        }
    }

    private static void waitFor(ProcessHandle p, Path home) {
        try {
            p.onExit().get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (Exception e) {
            log(home, "the previous build's reaper " + p.pid() + " did not end: " + e);
        }
    }

    static Optional<Long> readPid(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void writePid(Path file, long pid) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale owner only makes a later build restart the stack
        }
    }

    private static Path logFile(Path home, String name) {
        return home.resolve(DATA_DIR).resolve("logs").resolve(name + ".log");
    }

    private static void log(Path home, String line) {
        Path log = logFile(home, "testkit");
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== " + java.time.Instant.now() + " pid " + ProcessHandle.current().pid() + ": " + line
                    + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is a courtesy
        }
    }

    /** The repository root: -Dreckon.home (set by the build), else the nearest parent holding bin/reckon. */
    static Path findHome() {
        return io.reckon.stack.location.StackLocation.findHome(Path.of("")).orElseThrow(() ->
                new IllegalStateException("cannot find bin/reckon: set -Dreckon.home to the repository root"));
    }
}
