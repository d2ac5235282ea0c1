package io.reckon.streaming.job;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;

import java.io.DataInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the checkpoint a restarted speed layer resumes from: the newest complete one under a checkpoint directory,
 * whichever earlier run of the job wrote it. Flink lays them out as {@code <dir>/<job id>/chk-<n>/_metadata}; a
 * checkpoint is complete once its {@code _metadata} exists (Flink writes it last).
 *
 * <p>Why resume by default: a job started with empty state re-reads from the committed offsets without its dedup
 * memory, its open windows or its watermark floor, so a window it had already emitted complete comes back as a
 * partial one whose smaller total overwrites the complete row in Pinot until reconciliation.
 */
public final class RetainedCheckpoints {
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    static final String METADATA = "_metadata";

    private RetainedCheckpoints() {
    }

    /** A complete checkpoint: its directory, when its metadata was written, and its number within its job. */
    public record Checkpoint(String path, long writtenAt, long number) {
    }

    /** The newest complete checkpoint under {@code checkpointDir} (any Flink file system URI), if there is one. */
    public static Optional<Checkpoint> latest(String checkpointDir) throws IOException {
        return all(checkpointDir).stream().findFirst();
    }

    /** Every complete checkpoint under {@code checkpointDir}, newest first. */
    public static List<Checkpoint> all(String checkpointDir) throws IOException {
        Path root = new Path(checkpointDir);
        FileSystem fs = root.getFileSystem();
        List<Checkpoint> found = new ArrayList<>();
        if (!fs.exists(root)) {
            return found;
        }
        for (FileStatus job : list(fs, root)) {
            if (!job.isDir()) {
                continue;
            }
            for (FileStatus chk : list(fs, job.getPath())) {
                Matcher m = CHECKPOINT.matcher(chk.getPath().getName());
                if (!chk.isDir() || !m.matches()) {
                    continue;
                }
                try {
                    found.add(new Checkpoint(chk.getPath().toUri().toString(),
                            fs.getFileStatus(new Path(chk.getPath(), METADATA)).getModificationTime(),
                            Long.parseLong(m.group(1))));
                } catch (FileNotFoundException notComplete) {
                    // in progress or abandoned (no _metadata yet), or subsumed since the listing
                }
            }
        }
        found.sort(NEWEST_FIRST);
        return found;
    }

    /**
     * Why {@code checkpoint} cannot be restored, or empty when it can as far as can be told without restoring it: its
     * {@code _metadata} reads (Flink's own deserializer), and every state file it names exists with the size it
     * recorded. A crash or a full disk can leave a truncated {@code _metadata} or state file behind, which Flink only
     * finds out after the job was submitted, and then restarts on, again and again.
     */
    public static Optional<String> unrestorable(Checkpoint checkpoint) {
        Path dir = new Path(checkpoint.path());
        CheckpointMetadata metadata;
        FileSystem fs;
        try {
            fs = dir.getFileSystem();
            try (DataInputStream in = new DataInputStream(fs.open(new Path(dir, METADATA)))) {
                metadata = Checkpoints.loadCheckpointMetadata(in, RetainedCheckpoints.class.getClassLoader(),
                        checkpoint.path());
            }
        } catch (Exception e) {
            return Optional.of("its " + METADATA + " cannot be read (" + e.getMessage() + ")");
        }
        List<FileStateHandle> files = new ArrayList<>();
        for (OperatorState operator : metadata.getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getStates()) {
                subtask.getDiscardables().forEach(handle -> collectFiles(handle, files));
            }
        }
        for (FileStateHandle file : files) {
            try {
                long length = fs.getFileStatus(file.getFilePath()).getLen();
                if (length != file.getStateSize()) {
                    return Optional.of("its state file " + file.getFilePath() + " has " + length
                            + " bytes where the checkpoint recorded " + file.getStateSize());
                }
            } catch (FileNotFoundException e) {
                return Optional.of("its state file " + file.getFilePath() + " is missing");
            } catch (IOException e) {
                return Optional.of("its state file " + file.getFilePath() + " cannot be read (" + e.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    /** The files behind a state handle (state kept inline in the metadata has none). */
    private static void collectFiles(StateObject handle, List<FileStateHandle> into) {
        if (handle instanceof FileStateHandle file) {
            into.add(file);
        } else if (handle instanceof KeyGroupsStateHandle keyed) {
            collectFiles(keyed.getDelegateStateHandle(), into);
        } else if (handle instanceof OperatorStreamStateHandle operator) {
            collectFiles(operator.getDelegateStateHandle(), into);
        } else if (handle instanceof IncrementalRemoteKeyedStateHandle incremental) {
            collectFiles(incremental.getMetaDataStateHandle(), into);
            incremental.getSharedState().forEach(h -> collectFiles(h.getHandle(), into));
            incremental.getPrivateState().forEach(h -> collectFiles(h.getHandle(), into));
        }
    }

    /**
     * The checkpoint a local start resumes from: the newest, if it can be restored. If it cannot, the start is refused
     * unless {@code olderAllowed}, which takes the newest older one that can: its offsets are earlier, so what the
     * job produced since then is produced again (the archive then holds those positions twice; the batch layer
     * counts a position once).
     */
    public static Optional<Checkpoint> choose(List<Checkpoint> newestFirst,
                                              Function<Checkpoint, Optional<String>> unrestorable,
                                              boolean olderAllowed, Consumer<String> say) {
        if (newestFirst.isEmpty()) {
            return Optional.empty();
        }
        Checkpoint newest = newestFirst.get(0);
        Optional<String> problem = unrestorable.apply(newest);
        if (problem.isEmpty()) {
            return Optional.of(newest);
        }
        if (!olderAllowed) {
            throw new IllegalStateException("the newest checkpoint " + newest.path() + " cannot be restored: "
                    + problem.get() + ". Nothing was started: --resume-older resumes from the newest older checkpoint "
                    + "that can be restored (the output since it is produced again, and the archive holds those "
                    + "positions twice, which the batch layer counts once), --restore DIR from one you choose, "
                    + "--fresh without state");
        }
        for (Checkpoint older : newestFirst.subList(1, newestFirst.size())) {
            Optional<String> olderProblem = unrestorable.apply(older);
            if (olderProblem.isEmpty()) {
                say.accept("the newest checkpoint " + newest.path() + " cannot be restored (" + problem.get()
                        + "); --resume-older: resuming from the older " + older.path()
                        + ", so the output since it is produced again");
                return Optional.of(older);
            }
        }
        throw new IllegalStateException("no checkpoint under the checkpoint directory can be restored (the newest, "
                + newest.path() + ": " + problem.get() + "); start with --fresh or --restore DIR");
    }

    private static final Comparator<Checkpoint> NEWEST_FIRST = Comparator.comparingLong(Checkpoint::writtenAt)
            .thenComparingLong(Checkpoint::number).reversed();

    /** The entries of a directory; none if it went away meanwhile (a running job deletes subsumed checkpoints). */
    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        try {
            FileStatus[] entries = fs.listStatus(dir);
            return entries != null ? entries : new FileStatus[0];
        } catch (FileNotFoundException gone) {
            return new FileStatus[0];
        }
    }
}
