package io.reckon.streaming.archive;

import io.reckon.streaming.ingest.IngressRecord;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs beside the archive's file sink on the same records and tells {@link ArchiveCompleteness} which hours they
 * went to: the distinct hours (with counts) are sent once per checkpoint, just before the barrier, so that everything
 * the file sink puts into checkpoint N is announced before barrier N reaches the completeness operator. Watermarks
 * pass through unchanged.
 */
public final class ArchiveHours extends AbstractStreamOperator<HourTouch>
        implements OneInputStreamOperator<IngressRecord, HourTouch> {
    private static final long serialVersionUID = 1L;

    private transient Map<Long, long[]> counts;

    @Override
    public void open() throws Exception {
        super.open();
        counts = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<IngressRecord> element) {
        counts.computeIfAbsent(ArchiveRows.hourOf(element.getValue()), h -> new long[1])[0]++;
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        if (counts == null || counts.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, long[]> e : counts.entrySet()) {
            output.collect(new StreamRecord<>(new HourTouch(e.getKey(), e.getValue()[0])));
        }
        counts.clear();
    }
}
