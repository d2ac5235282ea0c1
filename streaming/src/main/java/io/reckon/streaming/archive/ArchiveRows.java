package io.reckon.streaming.archive;

import io.reckon.schemas.archive.ArchiveLayout;
import io.reckon.schemas.archive.ArchivePlacement;
import io.reckon.schemas.archive.RawArchiveRows;
import io.reckon.schemas.avro.RawAdEventRecord;
import io.reckon.schemas.time.UtcTime;
import io.reckon.streaming.ingest.IngressRecord;

/**
 * Placement and row of an {@link IngressRecord} in {@code raw_ad_events}, by the contract's {@link ArchivePlacement}
 * rule (event_time when usable, else the record timestamp) and the shared {@link RawArchiveRows} builder.
 */
public final class ArchiveRows {
    private ArchiveRows() {
    }

    /** The same placement {@code ArchivePlacement.of(verdict, recordTimestamp)} gives for this record's verdict. */
    public static ArchivePlacement placement(IngressRecord r) {
        if (!placedByRecordTime(r)) {
            long t = r.parsedEventTime;
            return new ArchivePlacement(UtcTime.dt(t), UtcTime.hr(t), t, false);
        }
        return new ArchivePlacement(UtcTime.dt(r.recordTimestamp), UtcTime.hr(r.recordTimestamp), r.parsedEventTime,
                true);
    }

    /** True when the record is placed by its Kafka record timestamp (its event_time is missing or unusable). */
    public static boolean placedByRecordTime(IngressRecord r) {
        return !(r.eventTimeUsable && r.parsedEventTime != null);
    }

    /** Start (epoch ms) of the UTC hour whose partition holds the record. */
    public static long hourOf(IngressRecord r) {
        long t = placedByRecordTime(r) ? r.recordTimestamp : r.parsedEventTime;
        return Math.floorDiv(t, UtcTime.HOUR_MS) * UtcTime.HOUR_MS;
    }

    /** The partition folder of an hour, relative to the table location ({@link ArchiveLayout#partitionPath}). */
    public static String partitionPath(long hourStart) {
        return ArchiveLayout.partitionPath(hourStart);
    }

    public static RawAdEventRecord row(IngressRecord r, long archivedAt) {
        return RawArchiveRows.row(r.key, r.value, r.partition, r.offset, r.recordTimestamp, placement(r), archivedAt);
    }
}
