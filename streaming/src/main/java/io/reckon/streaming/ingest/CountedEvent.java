package io.reckon.streaming.ingest;

import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.time.UtcTime;
import io.reckon.streaming.dedup.EventIdKey;

import java.util.Objects;

/**
 * What the counting path needs of a valid event: its id (for dedup), its grain (canonical key text, for the
 * window), its event time and its contribution. A Flink POJO.
 */
public class CountedEvent {
    /** The event_id as the dedup key, built once here: it crosses the network and is keyed on as bytes. */
    public EventIdKey eventId;
    /** Canonical key text of the grain row ({@code CanonicalKey} bytes as UTF-8), window_start included. */
    public String grainKey;
    public long eventTime;
    public long windowStart;
    public boolean click;
    public long costMicros;
    /** Where it came from, for diagnostics. */
    public int partition;
    public long offset;

    public CountedEvent() {
    }

    public static CountedEvent of(AdEvent event, int partition, long offset) {
        CountedEvent e = new CountedEvent();
        e.eventId = EventIdKey.of(event.eventId());
        e.grainKey = IngressRecord.grainKeyText(event);
        e.eventTime = event.eventTime();
        e.windowStart = UtcTime.minuteFloor(event.eventTime());
        e.click = event.isClick();
        e.costMicros = event.costMicros();
        e.partition = partition;
        e.offset = offset;
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountedEvent e && eventId.equals(e.eventId) && grainKey.equals(e.grainKey)
                && eventTime == e.eventTime && click == e.click && costMicros == e.costMicros
                && partition == e.partition && offset == e.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, grainKey, eventTime, click, costMicros, partition, offset);
    }

    @Override
    public String toString() {
        return "CountedEvent{" + eventId + " t=" + eventTime + (click ? " click " : " impression ") + costMicros
                + " @" + partition + '/' + offset + '}';
    }
}
