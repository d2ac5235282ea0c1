package io.reckon.streaming.archive;

import io.reckon.schemas.avro.RawAdEventRecord;
import io.reckon.streaming.TestEvents;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direct writer produces the file parquet-avro writes for the contract's {@code RawAdEventRecord} (what the
 * archive wrote before, and what Hive, Spark and the batch layer read): same Parquet schema, same Avro footer, same
 * rows.
 */
class RawArchiveWriteSupportTest {
    private static final long T = TestEvents.T0 + 5 * 3_600_000L + 123;

    private static IngressRecord raw(int partition, long offset, long timestamp, String key, String value) {
        return IngressRecord.fromKafka("ad-events", partition, offset, timestamp,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<IngressRecord> samples() {
        List<IngressRecord> r = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {   // enough rows for dictionaries to matter
            r.add(TestEvents.valid("e" + i, i % 7 == 0, T + i * 13L, "ad-" + (i % 20), 10 + i, 1_000 + i));
        }
        r.add(raw(1, 8, T + 3_600_000L, "x", new String(io.reckon.schemas.event.AdEventJson.encode(
                TestEvents.event("x", false, T, "ad-1", 10)), StandardCharsets.UTF_8).replace("USD", "XXX")));
        r.add(raw(2, 9, T, null, "{not json"));
        r.add(raw(3, 10, -1, "k", null));
        r.add(raw(0, 11, T + 10L * 86_400_000L, "y", new String(io.reckon.schemas.event.AdEventJson.encode(
                TestEvents.event("y", false, T, "ad-1", 10)), StandardCharsets.UTF_8)));
        r.add(raw(0, 12, T, "", ""));   // empty, not null
        return r;
    }

    interface Writers {
        BulkWriter<IngressRecord> create(FSDataOutputStream out) throws java.io.IOException;
    }

    private static org.apache.hadoop.fs.Path write(Path dir, String name, Writers writers, List<IngressRecord> rows)
            throws Exception {
        org.apache.flink.core.fs.Path file = new org.apache.flink.core.fs.Path(dir.resolve(name).toUri());
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<IngressRecord> writer = writers.create(out);
            for (IngressRecord r : rows) {
                writer.addElement(r);
            }
            writer.finish();
        }
        return new org.apache.hadoop.fs.Path(file.toUri());
    }

    private static FileMetaData footer(org.apache.hadoop.fs.Path file) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, new Configuration()))) {
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                for (ColumnChunkMetaData column : block.getColumns()) {
                    assertThat(column.getCodec()).as(column.getPath().toDotString())
                            .isEqualTo(CompressionCodecName.SNAPPY);
                }
            }
            return reader.getFooter().getFileMetaData();
        }
    }

    private static List<RawAdEventRecord> read(org.apache.hadoop.fs.Path file) throws Exception {
        List<RawAdEventRecord> rows = new ArrayList<>();
        try (ParquetReader<RawAdEventRecord> reader = AvroParquetReader.<RawAdEventRecord>builder(
                HadoopInputFile.fromPath(file, new Configuration())).build()) {
            for (RawAdEventRecord row; (row = reader.read()) != null; ) {
                row.setArchivedAt(0L);   // wall clock at write: differs between the two files
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void writesTheFileParquetAvroWrites(@TempDir Path dir) throws Exception {
        List<IngressRecord> samples = samples();
        long before = System.currentTimeMillis();
        org.apache.hadoop.fs.Path direct = write(dir, "direct.parquet", new RawArchiveWriterFactory()::create,
                samples);
        long after = System.currentTimeMillis();
        org.apache.hadoop.fs.Path reference = write(dir, "avro.parquet", AvroArchiveWriter::create,
                samples);

        FileMetaData d = footer(direct);
        FileMetaData a = footer(reference);
        assertThat(d.getSchema()).isEqualTo(a.getSchema());
        assertThat(d.getSchema()).isEqualTo(RawArchiveWriteSupport.SCHEMA);
        assertThat(d.getKeyValueMetaData()).isEqualTo(a.getKeyValueMetaData());
        assertThat(d.getKeyValueMetaData()).containsKeys("parquet.avro.schema", "writer.model.name");

        List<RawAdEventRecord> expected = new ArrayList<>();
        for (IngressRecord r : samples) {
            RawAdEventRecord row = ArchiveRows.row(r, 0L);
            expected.add(row);
        }
        assertThat(read(reference)).isEqualTo(expected);
        assertThat(read(direct)).isEqualTo(expected);

        try (ParquetReader<RawAdEventRecord> reader = AvroParquetReader.<RawAdEventRecord>builder(
                HadoopInputFile.fromPath(direct, new Configuration())).build()) {
            for (RawAdEventRecord row; (row = reader.read()) != null; ) {
                assertThat(row.getArchivedAt()).isBetween(before, after);
            }
        }
    }
}
