package io.reckon.streaming.archive;

import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Bucket = partition folder {@code dt=YYYY-MM-DD/hr=H} of the record's {@link ArchiveRows#hourOf hour}. The folder
 * name of the last hour seen is kept, so a run of records for the same hour (the usual case) neither formats a date
 * nor hashes a new string per record.
 */
public final class HourBucketAssigner implements BucketAssigner<IngressRecord, String> {
    private static final long serialVersionUID = 1L;

    private transient long lastHour;
    private transient String lastPath;

    @Override
    public String getBucketId(IngressRecord record, Context context) {
        long hour = ArchiveRows.hourOf(record);
        if (lastPath == null || hour != lastHour) {
            lastPath = ArchiveRows.partitionPath(hour);
            lastHour = hour;
        }
        return lastPath;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
