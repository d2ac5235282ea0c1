package io.reckon.streaming.bench;

import io.reckon.streaming.TestEvents;
import io.reckon.streaming.archive.AvroArchiveWriter;
import io.reckon.streaming.archive.HourBucketAssigner;
import io.reckon.streaming.archive.RawArchiveWriterFactory;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The archive's per-record costs in isolation (one thread): bucket id, and Parquet rows in files of ROWS_PER_FILE rows
 * (the job closes a file per touched hour and subtask at every checkpoint), with the direct writer and with the
 * parquet-avro writer it replaced. Not a test. Args: [ROWS] [ROWS_PER_FILE].
 */
public final class ArchiveWriteBench {
    interface Writers {
        BulkWriter<IngressRecord> create(FSDataOutputStream out) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int perFile = args.length > 1 ? Integer.parseInt(args[1]) : n;
        IngressRecord[] records = new IngressRecord[10_000];
        for (int i = 0; i < records.length; i++) {
            records[i] = TestEvents.valid("event-" + i, i % 10 == 0, TestEvents.T0 + i * 37L, "ad-" + (i % 50),
                    1000 + i, i);
        }
        HourBucketAssigner buckets = new HourBucketAssigner();
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            long h = 0;
            for (int i = 0; i < n; i++) {
                h += buckets.getBucketId(records[i % records.length], null).length();
            }
            long t1 = System.nanoTime();
            long avroBytes = write(records, n, perFile, AvroArchiveWriter::create);
            long t2 = System.nanoTime();
            long tunedBytes = write(records, n, perFile, out -> AvroArchiveWriter.create(out, true));
            long t3 = System.nanoTime();
            long directBytes = write(records, n, perFile, new RawArchiveWriterFactory()::create);
            long t4 = System.nanoTime();
            System.out.printf("round %d: bucket ids %.0f/s (checksum %d); rows in files of %d: parquet-avro %.0f/s "
                    + "(%d bytes), parquet-avro with the same settings %.0f/s (%d bytes), direct %.0f/s (%d bytes)%n",
                    round, n / ((t1 - t0) / 1e9), h, perFile, n / ((t2 - t1) / 1e9), avroBytes,
                    n / ((t3 - t2) / 1e9), tunedBytes, n / ((t4 - t3) / 1e9), directBytes);
        }
    }

    private static long write(IngressRecord[] records, int n, int perFile, Writers writers) throws IOException {
        java.nio.file.Path dir = Files.createTempDirectory("archive-write-bench");
        long bytes = 0;
        for (int written = 0, f = 0; written < n; f++) {
            java.nio.file.Path part = dir.resolve("part-" + f + ".parquet");
            try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(new Path(part.toUri()),
                    FileSystem.WriteMode.OVERWRITE)) {
                BulkWriter<IngressRecord> w = writers.create(out);
                for (int i = 0; i < perFile && written < n; i++, written++) {
                    w.addElement(records[written % records.length]);
                }
                w.finish();
            }
            bytes += Files.size(part);
            Files.delete(part);
        }
        Files.delete(dir);
        return bytes;
    }
}
