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
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The highest Kafka offset the raw archive holds per partition, read from its committed files: where a speed layer
 * without checkpoint state must start so that no position is missing from the archive.
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
            + "required int64 kafka_offset; }";

    /** What was read, for the start's one line. */
    public record Scan(SortedMap<Integer, Long> highestByPartition, long files, long rows) {
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
        Configuration conf = new Configuration(false);
        conf.set(ReadSupport.PARQUET_READ_SCHEMA, PROJECTION);
        Path root = new Path(URI.create(location));
        FileSystem fs = root.getFileSystem(conf);
        SortedMap<Integer, Long> highest = new TreeMap<>();
        long files = 0;
        long rows = 0;
        if (!fs.exists(root)) {
            return new Scan(highest, 0, 0);
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
                    highest.merge(row.getInteger("kafka_partition", 0), row.getLong("kafka_offset", 0), Math::max);
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot read the archived positions of " + file.getPath() + ": "
                        + e.getMessage(), e);
            }
        }
        return new Scan(highest, files, rows);
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
