package io.reckon.generator.output;

import io.reckon.generator.traffic.OutgoingRecord;

import java.io.IOException;

/** Where generated records go, in send order. */
public interface RecordSink extends AutoCloseable {

    /**
     * @param partition         the partition the record goes to: the default partitioner's choice for a keyed record
     * @param explicitPartition true when the record has no key and must be sent to {@code partition} explicitly
     *                          (a keyless record would otherwise land wherever the sticky partitioner puts it)
     * @param partitionSeq      the record's position within its partition in this run, from 0
     */
    void write(OutgoingRecord record, int partition, boolean explicitPartition, long partitionSeq) throws IOException;

    /** Makes everything written durable; throws if any record could not be delivered. */
    @Override
    void close() throws IOException;
}
