package io.reckon.streaming.job;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Comparator;
import java.util.Optional;
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
        Path root = new Path(checkpointDir);
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return Optional.empty();
        }
        Checkpoint best = null;
        for (FileStatus job : list(fs, root)) {
            if (!job.isDir()) {
                continue;
            }
            for (FileStatus chk : list(fs, job.getPath())) {
                Matcher m = CHECKPOINT.matcher(chk.getPath().getName());
                if (!chk.isDir() || !m.matches()) {
                    continue;
                }
                Checkpoint c;
                try {
                    c = new Checkpoint(chk.getPath().toUri().toString(),
                            fs.getFileStatus(new Path(chk.getPath(), METADATA)).getModificationTime(),
                            Long.parseLong(m.group(1)));
                } catch (FileNotFoundException notComplete) {
                    continue;  // in progress or abandoned (no _metadata yet), or subsumed since the listing
                }
                if (best == null || NEWEST_FIRST.compare(c, best) < 0) {
                    best = c;
                }
            }
        }
        return Optional.ofNullable(best);
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
