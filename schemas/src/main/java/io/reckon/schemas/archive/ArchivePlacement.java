package io.reckon.schemas.archive;

import io.reckon.schemas.time.UtcTime;
import io.reckon.schemas.validation.Verdict;

/**
 * Where a raw record goes in {@code raw_ad_events} and the time columns it carries.
 *
 * <p>A record is placed by its {@code event_time} when that is usable: a JSON integer inside the record's window
 * [record timestamp - 7 days, record timestamp + 5 minutes], whether or not the rest of the record is valid. Every
 * other record is placed by its Kafka record timestamp and flagged. Consequence the batch layer relies on: every
 * record sits in a partition at most 7 days before and 5 minutes after its record timestamp, and every VALID record
 * sits in the partition of its own event_time.
 *
 * @param eventTime          the parsed event_time where the value has one (even an unusable one), else null
 * @param placedByRecordTime true when dt/hr come from the record timestamp
 */
public record ArchivePlacement(String dt, String hr, Long eventTime, boolean placedByRecordTime) {

    public static ArchivePlacement of(Verdict verdict, long recordTimestamp) {
        if (verdict.eventTimeUsable()) {
            long eventTime = verdict.parsedEventTime();
            return new ArchivePlacement(UtcTime.dt(eventTime), UtcTime.hr(eventTime), eventTime, false);
        }
        return new ArchivePlacement(UtcTime.dt(recordTimestamp), UtcTime.hr(recordTimestamp),
                verdict.parsedEventTime(), true);
    }
}
