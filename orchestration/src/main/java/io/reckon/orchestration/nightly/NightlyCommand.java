package io.reckon.orchestration.nightly;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/**
 * {@code bin/reckon nightly --date DAY}: the nightly chain without Airflow, resumable (see {@link NightlyChain}).
 * Exit codes: 0 the day is FINAL (and its late days re-run), 1 a step failed or another run of the day is in
 * progress (one line), 2 bad usage.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true,
        description = {"The nightly chain for a day without Airflow: wait for the archive, batch, reconcile, verify "
                + "FINAL, re-run days reopened by late events. Resumes at the first unfinished step; refuses to run "
                + "beside another run of the same day (or beside a step command a killed run left running).",
                "Commands: RECKON_<STEP>_COMMAND (ARCHIVE_CHECK, BATCH, RECONCILE, VERIFY_FINAL, EXPORT, LATE_DAYS), templates "
                        + "with {reckon} {home} {date}, as in the reckon_nightly DAG.",
                "Timeouts: RECKON_<STEP>_TIMEOUT (minutes or ISO-8601), by default the DAG's: batch 4h, reconcile 2h, "
                        + "the others 30m."})
public final class NightlyCommand implements Callable<Integer> {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", required = true, description = "The day to finalize.")
    String date;

    @Option(names = "--restart", description = "Forget the recorded state and run every step again.")
    boolean restart;

    @Option(names = "--archive-timeout-minutes", defaultValue = "360",
            description = "How long to wait for the archive (default: ${DEFAULT-VALUE}).")
    long archiveTimeoutMinutes;

    @Option(names = "--archive-poll-seconds", defaultValue = "60",
            description = "Between two archive checks (default: ${DEFAULT-VALUE}).")
    long archivePollSeconds;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the state of runs is recorded (default: $RECKON_DATA_DIR/nightly, else .reckon/nightly).")
    Path stateDir;

    @Override
    public Integer call() {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--date must be a day YYYY-MM-DD, got '" + date + "'");
        }
        if (archiveTimeoutMinutes < 0 || archivePollSeconds < 1) {
            throw new IllegalArgumentException("--archive-timeout-minutes must be >= 0 and --archive-poll-seconds >= 1");
        }
        Path home = io.reckon.stack.location.StackLocation.home();
        Path dir = stateDir != null ? stateDir : io.reckon.stack.location.StackLocation.dataDir().resolve("nightly");
        new NightlyChain(home, dir, System.getenv(), Duration.ofMinutes(archiveTimeoutMinutes),
                Duration.ofSeconds(archivePollSeconds), System.out).run(day, restart);
        return 0;
    }
}
