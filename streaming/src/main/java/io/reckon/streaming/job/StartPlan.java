package io.reckon.streaming.job;

import java.time.Instant;
import java.util.Optional;

/**
 * How {@code bin/reckon stream} starts the job, decided before anything runs: from the user's savepoint
 * ({@code --restore}), from the newest retained checkpoint of a local run (the default after a crash or a stop), or
 * without state ({@code --fresh}, no checkpoint yet, or a cluster, where {@code flink run -s} decides); whether a
 * resume comes too late for its pre-committed output ({@link TransactionTimeout#lostOutput}); and whether the source's
 * starting offsets come from the archive ({@link StartingOffsets}: every start that may be without state).
 *
 * @param resumeFrom      the retained checkpoint a local run resumes from, if it does
 * @param lostOutput      the LOST OUTPUT line of a resume past the transaction timeout, if it is one
 * @param offsetsFromArchive whether to compute the source's starting offsets from the archive
 */
public record StartPlan(Mode mode, Optional<RetainedCheckpoints.Checkpoint> resumeFrom, Optional<String> lostOutput,
                        boolean offsetsFromArchive) {

    /** Where the job's state comes from. */
    public enum Mode {
        /** {@code --restore PATH}: the user's savepoint or checkpoint. */
        RESTORE,
        /** The newest retained checkpoint of the job's checkpoint directory (local runs). */
        RESUME,
        /** {@code --fresh}: empty state, whatever is retained. */
        FRESH,
        /** No retained checkpoint (a local run's first start): empty state. */
        FIRST_START,
        /** On a cluster: {@code flink run -s} decides, not known here. */
        CLUSTER
    }

    /**
     * @param newest         the retained checkpoint chosen to resume from ({@link RetainedCheckpoints#choose}); only
     *                       asked for local runs without --restore or --fresh
     * @param archiveEnabled whether the job archives (the archive is where starting offsets come from)
     * @param fromEarliest   --from-earliest: a start without state reads the topic from its beginning instead
     */
    public static StartPlan decide(boolean local, boolean restore, boolean fresh, boolean archiveEnabled,
                                   boolean fromEarliest, Optional<RetainedCheckpoints.Checkpoint> newest,
                                   Instant now, JobOptions options) {
        if (restore && fresh) {
            throw new IllegalArgumentException("--restore and --fresh exclude each other");
        }
        Mode mode = restore ? Mode.RESTORE : fresh ? Mode.FRESH : !local ? Mode.CLUSTER
                : newest.isPresent() ? Mode.RESUME : Mode.FIRST_START;
        Optional<RetainedCheckpoints.Checkpoint> resumeFrom = mode == Mode.RESUME ? newest : Optional.empty();
        Optional<String> lost = resumeFrom.flatMap(c -> TransactionTimeout.lostOutput(c, now,
                options.transactionTimeout(), options.checkpointInterval(), options));
        // A restored job ignores the starting offsets and goes on from its state; on a cluster, whether flink run -s
        // restores is not known here, so they are always computed.
        boolean restoring = mode == Mode.RESTORE || mode == Mode.RESUME;
        return new StartPlan(mode, resumeFrom, lost, archiveEnabled && !fromEarliest && (!local || !restoring));
    }

    /** The line {@code bin/reckon stream} prints about where the job starts. */
    public String describe(String restorePath, String checkpointDir, boolean fromEarliest, String inputTopic,
                           String statelessStart) {
        String empty = statelessStart != null ? statelessStart : "starting with empty state from " + (fromEarliest
                ? "the beginning of " + inputTopic : "the consumer group's committed offsets");
        return switch (mode) {
            case RESTORE -> "restoring " + restorePath;
            case RESUME -> "resuming from " + resumeFrom.orElseThrow().path() + " (its offsets, dedup memory, open "
                    + "windows and watermark floor; --fresh starts without it)"
                    + (fromEarliest ? "; --from-earliest applies to fresh starts only and is ignored" : "");
            case FRESH -> "--fresh: " + empty;
            case FIRST_START -> "no retained checkpoint in " + checkpointDir + ": " + empty;
            case CLUSTER -> empty;  // flink run -s, if given, restores and ignores this
        };
    }
}
