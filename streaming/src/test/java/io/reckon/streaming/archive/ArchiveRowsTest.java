package io.reckon.streaming.archive;

import io.reckon.schemas.archive.ArchivePlacement;
import io.reckon.schemas.avro.RawAdEventRecord;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.streaming.TestEvents;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveRowsTest {
    private static final long T = TestEvents.T0 + 5 * 3_600_000L + 123;   // 2025-11-26T05:00:00.123Z

    private static IngressRecord raw(int partition, long offset, long timestamp, String key, String value) {
        return IngressRecord.fromKafka("ad-events", partition, offset, timestamp,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<IngressRecord> samples() {
        List<IngressRecord> r = new ArrayList<>();
        r.add(TestEvents.valid("e1", false, T, "ad-1", 10, 7));
        // invalid (bad currency) but with a usable event_time: placed by event_time
        r.add(raw(1, 8, T + 3_600_000L, "e2", new String(io.reckon.schemas.event.AdEventJson.encode(
                TestEvents.event("e2", false, T, "ad-1", 10)), StandardCharsets.UTF_8).replace("USD", "XXX")));
        r.add(raw(2, 9, T, null, "{not json"));                                   // by record time
        r.add(raw(3, 10, -1, "k", null));                                         // no value, no timestamp
        r.add(raw(0, 11, T + 10L * 86_400_000L, "e3", new String(io.reckon.schemas.event.AdEventJson.encode(
                TestEvents.event("e3", false, T, "ad-1", 10)), StandardCharsets.UTF_8)));   // event_time unusable
        return r;
    }

    @Test
    void placementIsTheContractsArchivePlacement() {
        for (IngressRecord r : samples()) {
            ArchivePlacement expected = ArchivePlacement.of(IngressValidator.validate(r.key, r.value,
                    r.recordTimestamp), r.recordTimestamp);
            assertThat(ArchiveRows.placement(r)).as(r.toString()).isEqualTo(expected);
            assertThat(new HourBucketAssigner().getBucketId(r, null))
                    .isEqualTo("dt=" + expected.dt() + "/hr=" + expected.hr());
        }
        assertThat(ArchiveRows.partitionPath(T)).isEqualTo("dt=2025-11-26/hr=5");
    }

    @Test
    void writesParquetRowsWithTheOriginalBytes(@TempDir Path dir) throws Exception {
        org.apache.flink.core.fs.Path file = new org.apache.flink.core.fs.Path(dir.resolve("part-0.parquet").toUri());
        List<IngressRecord> samples = samples();
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<IngressRecord> writer = new RawArchiveWriterFactory().create(out);
            for (IngressRecord r : samples) {
                writer.addElement(r);
            }
            writer.finish();
        }
        List<RawAdEventRecord> rows = new ArrayList<>();
        try (ParquetReader<RawAdEventRecord> reader = AvroParquetReader.<RawAdEventRecord>builder(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
                .build()) {
            for (RawAdEventRecord row; (row = reader.read()) != null; ) {
                rows.add(row);
            }
        }
        assertThat(rows).hasSize(samples.size());
        for (int i = 0; i < rows.size(); i++) {
            IngressRecord r = samples.get(i);
            RawAdEventRecord row = rows.get(i);
            assertThat(row.getKafkaPartition()).isEqualTo(r.partition);
            assertThat(row.getKafkaOffset()).isEqualTo(r.offset);
            assertThat(row.getRecordTimestamp()).isEqualTo(r.recordTimestamp);
            assertThat(bytes(row.getRecordKey())).isEqualTo(r.key);
            assertThat(bytes(row.getRecordValue())).isEqualTo(r.value);
            assertThat(row.getEventTime()).isEqualTo(ArchiveRows.placement(r).eventTime());
            assertThat(row.getPlacedByRecordTime()).isEqualTo(ArchiveRows.placement(r).placedByRecordTime());
            assertThat(row.getArchivedAt()).isPositive();
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
