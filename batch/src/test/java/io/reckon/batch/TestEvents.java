package io.reckon.batch;

import java.nio.charset.StandardCharsets;

/** Ad event JSON values for tests. */
final class TestEvents {
    /** 2025-11-25T00:00:00Z. */
    static final long D = 1764028800000L;
    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;

    private TestEvents() {
    }

    static String json(String id, String type, long eventTime, String ad, long cost, String currency) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_time\":" + eventTime
                + ",\"advertiser_id\":\"adv-1\",\"campaign_id\":\"cmp-1\",\"ad_id\":\"" + ad
                + "\",\"cost_micros\":" + cost + ",\"currency\":\"" + currency + "\"}";
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
