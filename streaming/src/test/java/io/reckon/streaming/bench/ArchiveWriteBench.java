package io.reckon.streaming.bench;

import io.reckon.streaming.TestEvents;
import io.reckon.streaming.archive.HourBucketAssigner;
import io.reckon.streaming.archive.RawArchiveWriterFactory;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.nio.file.Files;

/** The archive's per-record costs in isolation (one thread): bucket id and Parquet row writing. Not a test. */
public final class ArchiveWriteBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        IngressRecord[] records = new IngressRecord[10_000];
        for (int i = 0; i < records.length; i++) {
            records[i] = TestEvents.valid("event-" + i, i % 10 == 0, TestEvents.T0 + i * 37L, "ad-" + (i % 50),
                    1000 + i, i);
        }
        HourBucketAssigner buckets = new HourBucketAssigner();
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            long h = 0;
            for (int i = 0; i < n; i++) {
                h += buckets.getBucketId(records[i % records.length], null).length();
            }
            long t1 = System.nanoTime();
            java.nio.file.Path dir = Files.createTempDirectory("archive-write-bench");
            Path file = new Path(dir.resolve("part.parquet").toUri());
            try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(file, FileSystem.WriteMode.OVERWRITE)) {
                BulkWriter<IngressRecord> w = new RawArchiveWriterFactory().create(out);
                for (int i = 0; i < n; i++) {
                    w.addElement(records[i % records.length]);
                }
                w.finish();
            }
            long t2 = System.nanoTime();
            System.out.printf("round %d: bucket ids %.0f/s, parquet rows %.0f/s (%d bytes)%n", round,
                    n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9), Files.size(dir.resolve("part.parquet")) + h * 0);
        }
    }
}
