package io.reckon.orchestration.nightly;

import io.reckon.cli.DurationConverter;
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
                "Timeouts: RECKON_<STEP>_TIMEOUT (a duration, 90m or 6h; a bare number is minutes), by default the DAG's: batch 4h, reconcile 2h, "
                        + "the others 30m."})
public final class NightlyCommand implements Callable<Integer> {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", required = true, description = "The day to finalize.")
    String date;

    @Option(names = "--restart", description = "Forget the recorded state and run every step again.")
    boolean restart;

    @Option(names = "--archive-timeout", defaultValue = "6h", converter = DurationConverter.class,
            description = "How long to wait for the archive (default: ${DEFAULT-VALUE}).")
    Duration archiveTimeout;

    @Option(names = "--archive-poll", defaultValue = "60s", converter = DurationConverter.class,
            description = "Between two archive checks, at least 1s (default: ${DEFAULT-VALUE}).")
    Duration archivePoll;

    /** The old spellings of --archive-timeout and --archive-poll; kept for scripts that use them. */
    @Option(names = "--archive-timeout-minutes", hidden = true)
    Long archiveTimeoutMinutes;
    @Option(names = "--archive-poll-seconds", hidden = true)
    Long archivePollSeconds;

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
        if (archiveTimeoutMinutes != null) {
            archiveTimeout = Duration.ofMinutes(archiveTimeoutMinutes);
        }
        if (archivePollSeconds != null) {
            archivePoll = Duration.ofSeconds(archivePollSeconds);
        }
        if (archiveTimeout.isNegative() || archivePoll.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--archive-timeout must be >= 0 and --archive-poll at least 1s");
        }
        Path home = io.reckon.stack.location.StackLocation.home();
        Path dir = stateDir != null ? stateDir : io.reckon.stack.location.StackLocation.dataDir().resolve("nightly");
        new NightlyChain(home, dir, System.getenv(), archiveTimeout, archivePoll, System.out).run(day, restart);
        return 0;
    }
}
