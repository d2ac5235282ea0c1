package io.reckon.streaming;

import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.event.AdEventJson;
import io.reckon.schemas.event.EventType;
import io.reckon.streaming.ingest.CountedEvent;
import io.reckon.streaming.ingest.IngressRecord;

import java.nio.charset.StandardCharsets;

/** Small builders of test records. */
public final class TestEvents {
    /** 2025-11-26T00:00:00Z, a whole minute. */
    public static final long T0 = 1764115200000L;

    private TestEvents() {
    }

    public static AdEvent event(String id, boolean click, long eventTime, String ad, long cost) {
        return new AdEvent(id, click ? EventType.CLICK : EventType.IMPRESSION, eventTime, "adv-1", "cmp-1", ad, cost,
                "USD", null);
    }

    public static IngressRecord valid(String id, boolean click, long eventTime, String ad, long cost, long offset) {
        AdEvent e = event(id, click, eventTime, ad, cost);
        return IngressRecord.fromKafka("ad-events", 0, offset, eventTime, id.getBytes(StandardCharsets.UTF_8),
                AdEventJson.encode(e));
    }

    public static CountedEvent counted(String id, boolean click, long eventTime, String ad, long cost) {
        return CountedEvent.of(event(id, click, eventTime, ad, cost), 0, 0);
    }

    public static CountedEvent impression(String id, long eventTime, long cost) {
        return counted(id, false, eventTime, "ad-1", cost);
    }
}
