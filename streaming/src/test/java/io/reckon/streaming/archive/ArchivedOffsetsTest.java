package io.reckon.streaming.archive;

import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ArchivedOffsetsTest {
    private static final long T = 1_764_064_800_000L;

    private static void write(Path file, List<IngressRecord> rows) throws Exception {
        Files.createDirectories(file.getParent());
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(
                new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<IngressRecord> writer = new RawArchiveWriterFactory().create(out);
            for (IngressRecord r : rows) {
                writer.addElement(r);
            }
            writer.finish();
        }
    }

    private static List<IngressRecord> records(int partition, long from, long to) {
        List<IngressRecord> rows = new ArrayList<>();
        for (long o = from; o <= to; o++) {
            rows.add(IngressRecord.fromKafka("ad-events", partition, o, T, ("k" + o).getBytes(StandardCharsets.UTF_8),
                    "{bad".getBytes(StandardCharsets.UTF_8)));
        }
        return rows;
    }

    @Test
    void theHighestOffsetPerPartitionOfTheCommittedFilesOnly(@TempDir Path table) throws Exception {
        write(table.resolve("dt=2025-11-25/hr=10/part-a-0-0.parquet"), records(0, 0, 99));
        List<IngressRecord> mixed = new ArrayList<>(records(1, 5, 40));
        mixed.addAll(records(0, 100, 120));
        write(table.resolve("dt=2025-11-25/hr=11/part-a-1-0.parquet"), mixed);
        // A late record's hour folder: its offset is the highest of partition 1 though the hour is older.
        write(table.resolve("dt=2025-11-24/hr=3/part-a-1-1.parquet"), records(1, 41, 41));
        // Not committed: an in-progress file and a pending one of the file sink; and files that are no part files.
        write(table.resolve("dt=2025-11-25/hr=11/.part-a-0-1.parquet.inprogress.0f3e"), records(0, 121, 500));
        write(table.resolve("dt=2025-11-25/hr=11/.part-a-3-1.parquet"), records(3, 0, 9));
        write(table.resolve("_touched_after_complete/dt=2025-11-25/x.parquet"), records(2, 0, 900));
        Files.writeString(table.resolve("dt=2025-11-25/hr=10/_COMPLETE"), "{}\n");

        ArchivedOffsets.Scan scan = ArchivedOffsets.scan(table.toUri().toString());

        assertThat(scan.highestByPartition()).containsExactly(Map.entry(0, 120L), Map.entry(1, 41L));
        assertThat(scan.recentByPartition().get(1)).as("every offset archived lately, sorted").containsExactly(
                java.util.stream.LongStream.rangeClosed(5, 41).toArray());
        assertThat(scan.recentByPartition().get(0)).hasSize(121);
        assertThat(scan.startingOffsets()).containsExactly(Map.entry(0, 121L), Map.entry(1, 42L));
        assertThat(scan.files()).isEqualTo(3);
        assertThat(scan.rows()).isEqualTo(100 + 36 + 21 + 1);
    }

    @Test
    void anArchiveThatDoesNotExistYetHoldsNothing(@TempDir Path dir) throws Exception {
        ArchivedOffsets.Scan scan = ArchivedOffsets.scan(dir.resolve("raw_ad_events").toUri().toString());
        assertThat(scan.highestByPartition()).isEmpty();
        assertThat(scan.files()).isZero();
    }
}
