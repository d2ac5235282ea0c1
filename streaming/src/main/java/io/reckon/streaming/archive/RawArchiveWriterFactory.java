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
 * Parquet files of {@code RawAdEventRecord} rows (the table's columns; Snappy): each {@link IngressRecord} becomes
 * its row when written, so the stream itself stays a Flink POJO (no Avro or Kryo serializer between operators).
 */
public final class RawArchiveWriterFactory implements BulkWriter.Factory<IngressRecord> {
    private static final long serialVersionUID = 1L;

    private final ParquetWriterFactory<RawAdEventRecord> parquet = new ParquetWriterFactory<>(
            out -> AvroParquetWriter.<RawAdEventRecord>builder(out)
                    .withSchema(RawAdEventRecord.getClassSchema())
                    .withDataModel(SpecificData.get())
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    // the raw bytes are (nearly) unique: a dictionary only costs time before Parquet gives it up
                    .withDictionaryEncoding("record_key", false)
                    .withDictionaryEncoding("record_value", false)
                    .build());

    @Override
    public BulkWriter<IngressRecord> create(FSDataOutputStream out) throws IOException {
        BulkWriter<RawAdEventRecord> rows = parquet.create(out);
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
