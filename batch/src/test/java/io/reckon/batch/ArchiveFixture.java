package io.reckon.batch;

import io.reckon.generator.output.EventsFile;
import io.reckon.schemas.archive.ArchivePlacement;
import io.reckon.schemas.archive.RawArchiveRows;
import io.reckon.schemas.avro.RawAdEventRecord;
import io.reckon.schemas.definitions.ContractResources;
import io.reckon.schemas.validation.IngressValidator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixtures on the real metastore: a database of its own with the contract's tables, and the raw archive
 * written the way the speed layer writes it (one row per Kafka record, placed by {@link ArchivePlacement}, columns
 * filled by {@link RawArchiveRows}), from a generator run's events.jsonl.
 */
public final class ArchiveFixture {
    /** The columns of raw_ad_events as the speed layer writes them (tests and the benchmark write the same). */
    public static final StructType RAW = new StructType(new StructField[] {
            DataTypes.createStructField("record_key", DataTypes.BinaryType, true),
            DataTypes.createStructField("record_value", DataTypes.BinaryType, true),
            DataTypes.createStructField("kafka_partition", DataTypes.IntegerType, true),
            DataTypes.createStructField("kafka_offset", DataTypes.LongType, true),
            DataTypes.createStructField("record_timestamp", DataTypes.LongType, true),
            DataTypes.createStructField("event_time", DataTypes.LongType, true),
            DataTypes.createStructField("placed_by_record_time", DataTypes.BooleanType, true),
            DataTypes.createStructField("archived_at", DataTypes.LongType, true),
            DataTypes.createStructField("dt", DataTypes.StringType, true),
            DataTypes.createStructField("hr", DataTypes.StringType, true),
    });

    private ArchiveFixture() {
    }

    /** Creates {@code database} with every contract table, from the contract's own DDL files. */
    static void createTables(SparkSession spark, String database, String warehouseUri) {
        for (String file : ContractResources.HIVE_DDL) {
            spark.sql(ContractResources.hiveStatement(file, database, warehouseUri));
        }
    }

    /** Writes every record of events.jsonl to the raw table; returns the number of rows. */
    static long writeArchive(SparkSession spark, String rawTable, Path eventsFile) throws IOException {
        List<Row> rows = new ArrayList<>();
        EventsFile.read(eventsFile, r -> rows.add(row(r.key(), r.value(), r.partition(), r.partitionSeq(),
                r.timestamp())));
        insert(spark, rawTable, rows);
        return rows.size();
    }

    /** The archive's row of one Kafka record, placed and verdicted as the speed layer's archive does. */
    static Row row(byte[] key, byte[] value, int partition, long offset, long timestamp) {
        ArchivePlacement placement = ArchivePlacement.of(IngressValidator.validate(key, value, timestamp), timestamp);
        RawAdEventRecord a = RawArchiveRows.row(key, value, partition, offset, timestamp, placement,
                1_700_000_000_000L);
        return RowFactory.create(bytes(a.getRecordKey()), bytes(a.getRecordValue()), a.getKafkaPartition(),
                a.getKafkaOffset(), a.getRecordTimestamp(), a.getEventTime(), a.getPlacedByRecordTime(),
                a.getArchivedAt(), placement.dt(), placement.hr());
    }

    /** Appends archive rows to the raw table (into their dt/hr partitions). */
    static void insert(SparkSession spark, String rawTable, List<Row> rows) {
        spark.conf().set("hive.exec.dynamic.partition", "true");
        spark.conf().set("hive.exec.dynamic.partition.mode", "nonstrict");
        spark.createDataFrame(rows, RAW).write().insertInto(rawTable);
    }

    /** Writes the completeness marker of every hour of {@code day} (what the speed layer's archive will do). */
    public static void markComplete(String rawLocation, LocalDate day, HourRange hours) throws IOException {
        for (int h : hours.hours()) {
            Path marker = Path.of(URI.create(MarkerFileCompleteness.markerPath(rawLocation, day, h,
                    MarkerFileCompleteness.DEFAULT_MARKER)));
            Files.createDirectories(marker.getParent());
            Files.write(marker, new byte[0]);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
