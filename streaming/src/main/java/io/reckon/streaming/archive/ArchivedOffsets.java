package io.reckon.streaming.archive;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The highest Kafka offset the raw archive holds per partition, read from its committed files: where a speed layer
 * without checkpoint state must start so that no position is missing from the archive.
 *
 * <p>Not simply after the highest: the file sink publishes a checkpoint's files one rename at a time, so a crash in
 * between can leave a file of late events of that checkpoint unpublished while a file with higher offsets is visible.
 * So the start also looks for the first offset Kafka has but the archive lacks among the offsets of its last
 * {@link #RECENT} ({@code job.StartingOffsets}).
 *
 * <p>Why not the consumer group's committed offsets: the source commits them when a checkpoint completes, and the file
 * sink publishes that checkpoint's files in another callback of the same moment; a process that dies between the two
 * leaves offsets committed whose records never reached a visible file. Only a restore from the checkpoint publishes
 * them. Starting right after the archive's own highest offset re-reads at most what the checkpoint would have
 * published; a position archived twice is counted once by the batch layer.
 *
 * <p>Committed files are the {@code .parquet} files of {@code dt=.../hr=...} folders whose names start with neither
 * {@code .} (in-progress and pending files, which readers skip too) nor {@code _} (markers). Only the two position
 * columns are read.
 */
public final class ArchivedOffsets {
    private static final String PROJECTION = "message raw_ad_events_positions { required int32 kafka_partition; "
            + "required int64 kafka_offset; required int64 archived_at; }";
    /**
     * How far back, from a partition's newest archived record, a record may be missing from the visible files: the
     * file sink publishes a checkpoint's files one by one, so a crash can leave some of the newest checkpoint's files
     * (or of the few before it, whose commit was still due) unpublished while others of it are visible. Ten minutes
     * is many checkpoints.
     */
    public static final Duration RECENT = Duration.ofMinutes(10);
    /** Rows kept per partition between prunings of those that fell out of the window. */
    private static final int PRUNE_AT = 100_000;

    /**
     * What was read: the highest archived offset per partition, and the offsets archived in the last {@link #RECENT}
     * before each partition's newest archived record (sorted), among which a gap is looked for.
     */
    public record Scan(SortedMap<Integer, Long> highestByPartition, SortedMap<Integer, long[]> recentByPartition,
                       long files, long rows) {
        /** The offset each archived partition starts at: one past its highest archived offset. */
        public SortedMap<Integer, Long> startingOffsets() {
            SortedMap<Integer, Long> next = new TreeMap<>();
            highestByPartition.forEach((p, o) -> next.put(p, o + 1));
            return Collections.unmodifiableSortedMap(next);
        }
    }

    private ArchivedOffsets() {
    }

    /** Scans the archive at {@code location} (a table location URI: file:, hdfs:, s3a: ...). */
    public static Scan scan(String location) throws IOException {
        // The default resources (core-site.xml, hdfs-site.xml) if the classpath has them: an HA name service or S3
        // credentials are configured there.
        Configuration conf = new Configuration();
        conf.set(ReadSupport.PARQUET_READ_SCHEMA, PROJECTION);
        Path root = new Path(URI.create(location));
        FileSystem fs = root.getFileSystem(conf);
        SortedMap<Integer, Long> highest = new TreeMap<>();
        Map<Integer, Long> newestArchivedAt = new HashMap<>();
        // partition -> archived_at -> offsets: the recent window is cut once every file is read
        Map<Integer, List<long[]>> positions = new HashMap<>();
        long files = 0;
        long rows = 0;
        if (!fs.exists(root)) {
            return new Scan(highest, new TreeMap<>(), 0, 0);
        }
        RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            FileStatus file = it.next();
            if (!isCommittedArchiveFile(root, file.getPath())) {
                continue;
            }
            files++;
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file.getPath())
                    .withConf(conf).build()) {
                for (Group row; (row = reader.read()) != null; ) {
                    rows++;
                    int partition = row.getInteger("kafka_partition", 0);
                    long offset = row.getLong("kafka_offset", 0);
                    long archivedAt = row.getLong("archived_at", 0);
                    highest.merge(partition, offset, Math::max);
                    long newest = newestArchivedAt.merge(partition, archivedAt, Math::max);
                    // Only rows that can still be recent are kept: the newest time only grows, so a row older than
                    // the window before it now never will be. Memory stays that of the window, not the archive.
                    if (archivedAt >= newest - RECENT.toMillis()) {
                        List<long[]> kept = positions.computeIfAbsent(partition, p -> new ArrayList<>());
                        kept.add(new long[] {archivedAt, offset});
                        if (kept.size() >= PRUNE_AT && kept.size() % PRUNE_AT == 0) {
                            kept.removeIf(r -> r[0] < newest - RECENT.toMillis());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot read the archived positions of " + file.getPath() + ": "
                        + e.getMessage(), e);
            }
        }
        SortedMap<Integer, long[]> recent = new TreeMap<>();
        positions.forEach((partition, list) -> {
            long from = newestArchivedAt.get(partition) - RECENT.toMillis();
            recent.put(partition, list.stream().filter(r -> r[0] >= from).mapToLong(r -> r[1]).distinct().sorted()
                    .toArray());
        });
        return new Scan(highest, recent, files, rows);
    }

    /** A visible Parquet file of a partition folder: what Hive and Spark read. */
    static boolean isCommittedArchiveFile(Path root, Path file) {
        String name = file.getName();
        if (name.startsWith(".") || name.startsWith("_") || !name.endsWith(".parquet")) {
            return false;
        }
        String relative = root.toUri().relativize(file.toUri()).getPath();
        return relative.matches("dt=[^/]+/hr=[^/]+/[^/]+");
    }
}
