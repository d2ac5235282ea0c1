package io.reckon.schemas.archive;

import io.reckon.schemas.avro.RawAdEventRecord;

import java.nio.ByteBuffer;

/** Builds the rows of {@code raw_ad_events} so that every archiver fills the columns the same way. */
public final class RawArchiveRows {
    private RawArchiveRows() {
    }

    /**
     * @param placement  from {@link ArchivePlacement#of}; its dt/hr name the partition folder
     * @param archivedAt wall-clock epoch milliseconds when the archiver read the record
     */
    public static RawAdEventRecord row(byte[] key, byte[] value, int partition, long offset, long recordTimestamp,
                                       ArchivePlacement placement, long archivedAt) {
        return RawAdEventRecord.newBuilder()
                .setRecordKey(key == null ? null : ByteBuffer.wrap(key.clone()))
                .setRecordValue(value == null ? null : ByteBuffer.wrap(value.clone()))
                .setKafkaPartition(partition)
                .setKafkaOffset(offset)
                .setRecordTimestamp(recordTimestamp)
                .setEventTime(placement.eventTime())
                .setPlacedByRecordTime(placement.placedByRecordTime())
                .setArchivedAt(archivedAt)
                .build();
    }
}
