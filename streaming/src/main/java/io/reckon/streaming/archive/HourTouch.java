package io.reckon.streaming.archive;

/** "{@code records} records went to the archive hour starting at {@code hourStart}" (a Flink POJO). */
public class HourTouch {
    public long hourStart;
    public long records;

    public HourTouch() {
    }

    public HourTouch(long hourStart, long records) {
        this.hourStart = hourStart;
        this.records = records;
    }

    @Override
    public String toString() {
        return ArchiveRows.partitionPath(hourStart) + " x" + records;
    }
}
