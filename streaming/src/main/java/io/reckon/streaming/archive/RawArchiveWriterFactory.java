package io.reckon.streaming.archive;

import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;

/**
 * Parquet files (Snappy) of {@code raw_ad_events} rows, written straight from the {@link IngressRecord}s by
 * {@link RawArchiveWriteSupport}: the same file parquet-avro writes for the contract's {@code RawAdEventRecord},
 * without building an Avro record per row. The stream itself stays a Flink POJO (no Avro or Kryo serializer between
 * operators).
 *
 * <p>Measured costs this avoids (JFR of the benchmark's full job, see bench/streaming/results.md): a Hadoop
 * {@code Configuration} that parsed the *-default.xml resources for every new part file (one per touched hour,
 * subtask and checkpoint), an Avro row with copies of the key and value bytes per record, and dictionaries for the
 * nearly unique long columns that Parquet builds only to drop them. The first and last could be had with parquet-avro
 * too; with the same settings there, this writer is still about 30% faster on one thread (1.5-1.6 M against
 * 1.15-1.24 M rows/s in {@code ArchiveWriteBench}, files of 20,000 rows), which is what keeping it is worth.
 */
public final class RawArchiveWriterFactory implements BulkWriter.Factory<IngressRecord> {
    private static final long serialVersionUID = 1L;

    private final ParquetWriterFactory<IngressRecord> parquet = new ParquetWriterFactory<>(new Builder());

    @Override
    public BulkWriter<IngressRecord> create(FSDataOutputStream out) throws IOException {
        return parquet.create(out);
    }

    private static final class Builder implements ParquetBuilder<IngressRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public ParquetWriter<IngressRecord> createWriter(OutputFile out) throws IOException {
            return new RowsWriter(out)
                    // no *-default.xml / *-site.xml parsing per file: every Parquet setting that matters is set here,
                    // and Parquet's own Snappy codec needs no Hadoop setting
                    .withConf(new HadoopParquetConfiguration(new Configuration(false)))
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    // (nearly) unique per row: a dictionary only costs time until Parquet falls back to plain
                    .withDictionaryEncoding("record_key", false)
                    .withDictionaryEncoding("record_value", false)
                    .withDictionaryEncoding("kafka_offset", false)
                    .withDictionaryEncoding("record_timestamp", false)
                    .withDictionaryEncoding("event_time", false)
                    .build();
        }
    }

    private static final class RowsWriter extends ParquetWriter.Builder<IngressRecord, RowsWriter> {
        RowsWriter(OutputFile file) {
            super(file);
        }

        @Override
        protected RowsWriter self() {
            return this;
        }

        @Override
        protected WriteSupport<IngressRecord> getWriteSupport(Configuration conf) {
            return new RawArchiveWriteSupport();
        }

        @Override
        protected WriteSupport<IngressRecord> getWriteSupport(ParquetConfiguration conf) {
            return new RawArchiveWriteSupport();
        }
    }
}
