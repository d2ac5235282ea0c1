package io.reckon.orchestration.nightly;

import io.reckon.platform.lock.ExclusiveFileLock;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The nightly chain without Airflow: the same steps and the same command templates as the reckon_nightly DAG
 * ({@code RECKON_<STEP>_COMMAND}, placeholders {reckon} {home} {date}), run one after the other for a day. The state
 * of the run is a JSON file per day; a step recorded as done is not run again, so a re-run after a failure (or a
 * kill between steps) resumes at the first unfinished step. Every step must itself be idempotent.
 *
 * <p>Two runs of one day never interleave: a run holds {@code <state-dir>/<day>.lock} (an OS file lock, released
 * when the process dies, however it dies), and a run refuses to resume while the command of a step recorded as
 * running (its pid and start time are in the state) is still alive, i.e. a child orphaned by a killed run. A run
 * stopped with SIGTERM/SIGINT takes its running command (and that command's descendants) down with it.
 *
 * <p>Steps: archive_check (polled until exit 0, exit 3 = not complete yet, with a timeout), batch, reconcile,
 * verify_final, export (finance's billing export of the FINAL day), late_days (lists earlier days reopened by late
 * events), then batch, reconcile, verify_final and export for each such day (a new FINAL version, a new export file).
 */
public final class NightlyChain {
    /** The steps in the order they run; the DAG's tasks run the same (DagPytestITCase compares them). */
    public static final List<String> STEPS =
            List.of("archive_check", "batch", "reconcile", "verify_final", "export", "late_days");
    /** What is run again for an earlier day reopened by late events. */
    static final List<String> RERUN_STEPS = List.of("batch", "reconcile", "verify_final", "export");
    static final Map<String, String> DEFAULT_COMMANDS = Map.of(
            "archive_check", "{reckon} batch --date {date} --check-complete",
            "batch", "{reckon} batch --date {date}",
            "reconcile", "{reckon} reconcile --date {date}",
            "verify_final", "{reckon} reconcile --date {date} --verify-final",
            "export", "{reckon} export --date {date}",
            "late_days", "{reckon} reconcile --list-reopened --before {date}");
    /** The DAG's execution_timeout per task (reckon_nightly.py); archive_check is per check, not for the wait. */
    static final Map<String, Duration> DEFAULT_TIMEOUTS = Map.of(
            "archive_check", Duration.ofMinutes(30),
            "batch", Duration.ofHours(4),
            "reconcile", Duration.ofHours(2),
            "verify_final", Duration.ofMinutes(30),
            "export", Duration.ofMinutes(30),
            "late_days", Duration.ofMinutes(30));
    /** How long the chain waits for the archive by default (the DAG's sensor timeout). */
    static final Duration DEFAULT_ARCHIVE_TIMEOUT = Duration.ofHours(6);
    static final int NOT_YET = 3;

    /**
     * The chain's definition as the reckon_nightly DAG must mirror it (the DAG is deployed alone into a DAG folder, so
     * it keeps its own copy, and DagPytestITCase fails when the two differ): the steps in order with their commands
     * and timeouts, the steps re-run for a late day, and the archive wait.
     */
    public static Map<String, Object> definition() {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (String step : STEPS) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("name", step);
            m.put("command", DEFAULT_COMMANDS.get(step));
            m.put("timeout_seconds", DEFAULT_TIMEOUTS.get(step).toSeconds());
            steps.add(m);
        }
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("steps", steps);
        d.put("rerun_steps", RERUN_STEPS);
        d.put("archive_wait_timeout_seconds", DEFAULT_ARCHIVE_TIMEOUT.toSeconds());
        return d;
    }
    private static final Pattern DAY = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

    private final Path home;
    private final NightlyStateFile states;
    private final Map<String, String> env;
    private final Duration archiveTimeout;
    private final Duration archivePoll;
    private final PrintStream out;
    /** The day whose state is being recorded, and the state of the step running now (for the command's pid). */
    private LocalDate stateDay;
    private NightlyState stateNow;
    private NightlyState.Step stepNow;

    public NightlyChain(Path home, Path stateDir, Map<String, String> env, Duration archiveTimeout,
                        Duration archivePoll, PrintStream out) {
        this.home = home;
        this.states = new NightlyStateFile(stateDir);
        this.env = env;
        this.archiveTimeout = archiveTimeout;
        this.archivePoll = archivePoll;
        this.out = out;
    }

    /** The command of a step for a day, split like a shell would and with the placeholders filled in. */
    public List<String> command(String step, LocalDate day) {
        String template = env.getOrDefault("RECKON_" + step.toUpperCase(Locale.ROOT) + "_COMMAND", "").trim();
        if (template.isEmpty()) {
            template = DEFAULT_COMMANDS.get(step);
        }
        List<String> args = new ArrayList<>();
        for (String a : Shell.split(template)) {
            args.add(a.replace("{reckon}", home.resolve("bin/reckon").toString())
                    .replace("{home}", home.toString()).replace("{date}", day.toString()));
        }
        return args;
    }

    public Path stateFile(LocalDate day) {
        return states.file(day);
    }

    public Path lockFile(LocalDate day) {
        return states.lock(day);
    }

    /** Runs (or resumes) the chain for a day; returns normally when the day is FINAL and late days are re-run. */
    public void run(LocalDate day, boolean restart) {
        STEPS.forEach(this::timeout);  // a mistyped RECKON_<STEP>_TIMEOUT fails here, before any step runs
        withDayLock(day, () -> runLocked(day, restart));
    }

    /**
     * Runs {@code body} holding the day's lock file: two chains must not work on one day at once (two batch runs
     * would overwrite the same partition). Taken for the run's own day and for each late day it re-runs.
     */
    private void withDayLock(LocalDate day, Runnable body) {
        try {
            Files.createDirectories(states.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the nightly state directory " + states.dir(), e);
        }
        Optional<ExclusiveFileLock> lock;
        try {
            lock = ExclusiveFileLock.tryAcquire(lockFile(day));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile(day), e);
        }
        if (lock.isEmpty()) {
            throw new IllegalStateException("another nightly run of " + day + " is in progress (it holds "
                    + lockFile(day) + "); two runs of one day must not interleave");
        }
        try (ExclusiveFileLock held = lock.get()) {
            body.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + lockFile(day), e);
        }
    }

    private void runLocked(LocalDate day, boolean restart) {
        // The recorded state is checked even with --restart: a command of a killed run may still be running.
        NightlyState recorded = load(day);
        refuseIfAStepIsStillRunning(day, recorded);
        NightlyState state = restart ? NightlyState.fresh(day) : recorded;
        stateDay = day;
        stateNow = state;
        state.status = NightlyState.Status.RUNNING;
        states.save(day, state);
        try {
            step(day, state, "archive_check", () -> awaitArchive(day));
            step(day, state, "batch", () -> exec("batch", day));
            step(day, state, "reconcile", () -> exec("reconcile", day));
            step(day, state, "verify_final", () -> exec("verify_final", day));
            step(day, state, "export", () -> exec("export", day));
            step(day, state, "late_days", () -> {
                TreeSet<String> days = new TreeSet<>();
                for (String line : exec("late_days", day)) {
                    String s = line.trim();
                    if (DAY.matcher(s).matches() && s.compareTo(day.toString()) < 0) {
                        days.add(s);
                    }
                }
                state.lateDays = new ArrayList<>(days);
                return List.of();
            });
            for (String d : state.lateDays) {
                LocalDate late = LocalDate.parse(d);
                withDayLock(late, () -> {
                    for (String s : RERUN_STEPS) {
                        step(day, state, "late:" + late + ":" + s, () -> exec(s, late));
                    }
                });
            }
            state.status = NightlyState.Status.DONE;
            state.finishedAt = Instant.now().toString();
            states.save(day, state);
            out.println("nightly " + day + ": done");
        } catch (RuntimeException e) {
            state.status = NightlyState.Status.FAILED;
            state.error = e.getMessage();
            states.save(day, state);
            throw e;
        }
    }

    private interface Body {
        List<String> run();
    }

    private void step(LocalDate day, NightlyState state, String name, Body body) {
        if (state.isDone(name)) {
            out.println("nightly " + day + ": " + name + " already done, skipped");
            return;
        }
        NightlyState.Step s = state.start(name);
        stepNow = s;
        states.save(day, state);
        out.println("nightly " + day + ": " + name + " ...");
        long t0 = System.nanoTime();
        try {
            body.run();
        } catch (RuntimeException e) {
            s.status = NightlyState.Status.FAILED;
            s.error = e.getMessage();
            states.save(day, state);
            throw e;
        }
        s.status = NightlyState.Status.DONE;
        s.seconds = (System.nanoTime() - t0) / 1e9;
        s.finishedAt = Instant.now().toString();
        states.save(day, state);
    }

    /**
     * A killed run (SIGKILL, a lost machine session) can leave its step's command running: resuming now would run a
     * step beside it (two batch runs overwriting one partition, two reconciliations fencing each other).
     */
    private void refuseIfAStepIsStillRunning(LocalDate day, NightlyState state) {
        state.steps.forEach((name, s) -> {
            if (s.status != NightlyState.Status.RUNNING || s.pid == null) {
                return;
            }
            long pid = s.pid;
            String startedAt = s.pidStartedAt == null ? "" : s.pidStartedAt;
            boolean alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().startInstant().map(Instant::toString).orElse("").equals(startedAt))
                    .isPresent();
            if (alive) {
                throw new IllegalStateException("step " + name + " of " + day + " is still running as pid " + pid
                        + ", left by a run that was killed; wait for it to end (or kill it), then run again");
            }
        });
    }

    private List<String> awaitArchive(LocalDate day) {
        Instant deadline = Instant.now().plus(archiveTimeout);
        while (true) {
            StepProcess.Result r = execRaw("archive_check", day);
            if (r.code() == 0) {
                return r.lines();
            }
            if (r.code() != NOT_YET) {
                throw new IllegalStateException("archive check for " + day + " failed: " + String.join(" ",
                        command("archive_check", day)) + " exited with " + r.code());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the archive of " + day + " is still not complete after "
                        + archiveTimeout.toMinutes() + " min");
            }
            out.println("nightly " + day + ": archive not complete yet, next check in " + archivePoll.toSeconds() + " s");
            try {
                Thread.sleep(archivePoll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    private List<String> exec(String step, LocalDate day) {
        StepProcess.Result r = execRaw(step, day);
        if (r.code() != 0) {
            throw new IllegalStateException(String.join(" ", command(step, day)) + " exited with " + r.code());
        }
        return r.lines();
    }

    /**
     * How long one run of a step's command may take before it is stopped and the step fails: the DAG's
     * {@code execution_timeout} of the same task, or {@code RECKON_<STEP>_TIMEOUT} (a duration, 90m or 6h; a bare number is minutes; or ISO-8601 such as
     * {@code PT90S}). Without it a hung command (a HiveServer2 that stops answering, say) would hold the day's lock
     * forever.
     */
    public Duration timeout(String step) {
        String name = "RECKON_" + step.toUpperCase(Locale.ROOT) + "_TIMEOUT";
        String value = env.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            return DEFAULT_TIMEOUTS.get(step);
        }
        try {
            // The one duration format; a bare number is minutes here, as it always was.
            Duration d = io.reckon.cli.Durations.parse(value, java.time.temporal.ChronoUnit.MINUTES);
            if (!d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new IllegalArgumentException(name + " must be a duration (90s, 30m, 6h, PT90S; a bare number is minutes), "
                + "more than 0, got '" + value + "'");
    }

    private StepProcess.Result execRaw(String step, LocalDate day) {
        return StepProcess.run(command(step, day), home, Map.of("RECKON_NIGHTLY_DATE", day.toString()), timeout(step),
                readAfterExit, out, "nightly " + day + ": " + step,
                "RECKON_" + step.toUpperCase(Locale.ROOT) + "_TIMEOUT", p -> {
                    if (stepNow != null) {
                        // Recorded so that a resumed run can tell whether this command outlived a killed run.
                        stepNow.pid = p.pid();
                        stepNow.pidStartedAt = p.info().startInstant().map(Instant::toString).orElse("");
                        states.save(stateDay, stateNow);
                    }
                });
    }

    /** How long to read what a command wrote after it ended (shorter in tests). */
    private Duration readAfterExit = Duration.ofSeconds(30);

    NightlyChain readAfterExit(Duration d) {
        this.readAfterExit = d;
        return this;
    }

    /** The recorded state of a day's run, or a fresh one. */
    public NightlyState load(LocalDate day) {
        return states.load(day);
    }
}
