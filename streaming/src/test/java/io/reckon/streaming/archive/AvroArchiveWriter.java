package io.reckon.streaming.archive;

import io.reckon.schemas.avro.RawAdEventRecord;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;

/**
 * The archive's writer before {@link RawArchiveWriteSupport}: an Avro {@code RawAdEventRecord} per record (the shared
 * {@code RawArchiveRows} builder) through parquet-avro. The reference the direct writer's files are compared with,
 * and the "before" of {@code ArchiveWriteBench}.
 */
public final class AvroArchiveWriter {
    private AvroArchiveWriter() {
    }

    public static BulkWriter<IngressRecord> create(FSDataOutputStream out) throws IOException {
        return create(out, false);
    }

    /**
     * With {@code tuned}, parquet-avro gets the settings the direct writer has too (no per-file Hadoop XML parsing,
     * no dictionaries for the unique long columns), so that a benchmark compares the write paths alone.
     */
    public static BulkWriter<IngressRecord> create(FSDataOutputStream out, boolean tuned) throws IOException {
        BulkWriter<RawAdEventRecord> rows = new ParquetWriterFactory<RawAdEventRecord>(o -> {
            AvroParquetWriter.Builder<RawAdEventRecord> b = AvroParquetWriter.<RawAdEventRecord>builder(o)
                    .withSchema(RawAdEventRecord.getClassSchema())
                    .withDataModel(SpecificData.get())
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withDictionaryEncoding("record_key", false)
                    .withDictionaryEncoding("record_value", false);
            if (tuned) {
                b = b.withConf(new org.apache.hadoop.conf.Configuration(false))
                        .withDictionaryEncoding("kafka_offset", false)
                        .withDictionaryEncoding("record_timestamp", false)
                        .withDictionaryEncoding("event_time", false);
            }
            return b.build();
        }).create(out);
        return new BulkWriter<>() {
            @Override
            public void addElement(IngressRecord element) throws IOException {
                rows.addElement(ArchiveRows.row(element, System.currentTimeMillis()));
            }

            @Override
            public void flush() throws IOException {
                rows.flush();
            }

            @Override
            public void finish() throws IOException {
                rows.finish();
            }
        };
    }
}
