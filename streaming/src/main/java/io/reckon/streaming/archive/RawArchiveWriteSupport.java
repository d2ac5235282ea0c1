package io.reckon.streaming.archive;

import io.reckon.schemas.avro.RawAdEventRecord;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import java.util.Map;

/**
 * Writes an {@link IngressRecord} straight to Parquet as its {@code raw_ad_events} row, without building an Avro
 * {@link RawAdEventRecord} and without copying the key and value bytes.
 *
 * <p>The file is the one parquet-avro writes for {@code RawAdEventRecord}: the Parquet schema is parquet-avro's own
 * conversion of the contract's Avro schema, and the footer carries the same {@code parquet.avro.schema} and
 * {@code writer.model.name=avro} entries, so Hive, Spark and {@code AvroParquetReader} read it exactly as before
 * ({@code RawArchiveWriteSupportTest} compares both writers' files, and so keeps the values here equal to
 * {@link ArchiveRows#row}'s): event_time is the parsed event_time where the value has one, and placed_by_record_time
 * follows the contract's {@code ArchivePlacement} ({@link ArchiveRows#placedByRecordTime}).
 */
public final class RawArchiveWriteSupport extends WriteSupport<IngressRecord> {
    private static final Schema AVRO_SCHEMA = RawAdEventRecord.getClassSchema();
    /** parquet-avro's conversion of the contract's Avro schema: the columns and their order. */
    public static final MessageType SCHEMA = new AvroSchemaConverter().convert(AVRO_SCHEMA);
    /** The footer entry parquet-avro writes (AvroWriteSupport.AVRO_SCHEMA) and reads the Avro schema from. */
    static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

    private static final String RECORD_KEY = "record_key";
    private static final String RECORD_VALUE = "record_value";
    private static final String KAFKA_PARTITION = "kafka_partition";
    private static final String KAFKA_OFFSET = "kafka_offset";
    private static final String RECORD_TIMESTAMP = "record_timestamp";
    private static final String EVENT_TIME = "event_time";
    private static final String PLACED_BY_RECORD_TIME = "placed_by_record_time";
    private static final String ARCHIVED_AT = "archived_at";

    static {
        // the write order below is the schema's field order; fail fast if the contract's schema ever changes
        String[] expected = {RECORD_KEY, RECORD_VALUE, KAFKA_PARTITION, KAFKA_OFFSET, RECORD_TIMESTAMP, EVENT_TIME,
                PLACED_BY_RECORD_TIME, ARCHIVED_AT};
        if (SCHEMA.getFieldCount() != expected.length) {
            throw new IllegalStateException("raw_ad_events schema changed: " + SCHEMA);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!SCHEMA.getFieldName(i).equals(expected[i])) {
                throw new IllegalStateException("raw_ad_events schema changed: " + SCHEMA);
            }
        }
    }

    private final Map<String, String> footer = Map.of(AVRO_SCHEMA_KEY, AVRO_SCHEMA.toString());
    private RecordConsumer out;

    @Override
    public String getName() {
        return "avro";  // same footer as parquet-avro's writer: readers pick the Avro model by this name
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(SCHEMA, footer);
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(SCHEMA, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(IngressRecord r) {
        out.startMessage();
        if (r.key != null) {
            // constant: the Kafka client hands each record its own arrays and nobody changes them
            bytes(RECORD_KEY, 0, r.key);
        }
        if (r.value != null) {
            bytes(RECORD_VALUE, 1, r.value);
        }
        out.startField(KAFKA_PARTITION, 2);
        out.addInteger(r.partition);
        out.endField(KAFKA_PARTITION, 2);
        int64(KAFKA_OFFSET, 3, r.offset);
        int64(RECORD_TIMESTAMP, 4, r.recordTimestamp);
        if (r.parsedEventTime != null) {
            int64(EVENT_TIME, 5, r.parsedEventTime);
        }
        out.startField(PLACED_BY_RECORD_TIME, 6);
        out.addBoolean(ArchiveRows.placedByRecordTime(r));
        out.endField(PLACED_BY_RECORD_TIME, 6);
        int64(ARCHIVED_AT, 7, System.currentTimeMillis());
        out.endMessage();
    }

    private void bytes(String field, int index, byte[] value) {
        out.startField(field, index);
        out.addBinary(Binary.fromConstantByteArray(value));
        out.endField(field, index);
    }

    private void int64(String field, int index, long value) {
        out.startField(field, index);
        out.addLong(value);
        out.endField(field, index);
    }
}
