package io.reckon.streaming.archive;

import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/** Bucket = partition folder {@code dt=YYYY-MM-DD/hr=H} of the record's {@link ArchiveRows#hourOf hour}. */
public final class HourBucketAssigner implements BucketAssigner<IngressRecord, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(IngressRecord record, Context context) {
        return ArchiveRows.partitionPath(ArchiveRows.hourOf(record));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
