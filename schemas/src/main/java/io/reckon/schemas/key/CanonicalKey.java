package io.reckon.schemas.key;

import io.reckon.schemas.aggregate.GrainKey;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ONE Kafka key encoding of {@code ad-stats-minute}. Pinot keeps upsert state per Kafka partition, so every
 * producer (speed layer, reconciliation) must send the same key bytes for the same grain row, or one row would
 * live in two partitions and be counted twice.
 *
 * <p>Layout: the UTF-8 bytes of
 * {@code advertiser_id US campaign_id US ad_id US currency US window_start}, where US is the ASCII unit separator
 * U+001F (byte 0x1F) and window_start is the decimal epoch-millisecond value (ASCII digits, '-' if negative, no
 * leading zeros). Identifiers can never contain control characters ({@code FieldRules}), so the encoding is
 * unambiguous, and it stays readable in console consumers. No Unicode normalisation is applied: identifiers are
 * compared as given.
 *
 * <p>Example: ("adv-1", "cmp-1", "ad-1", "USD", 1764115200000) encodes to
 * {@code 6164762d311f636d702d311f61642d311f5553441f31373634313135323030303030}.
 */
public final class CanonicalKey {
    /** The separator byte, ASCII unit separator. */
    public static final byte SEPARATOR = 0x1F;
    private static final String SEPARATOR_STRING = "\u001F";

    private CanonicalKey() {
    }

    public static byte[] encode(GrainKey key) {
        String text = key.advertiserId() + SEPARATOR_STRING + key.campaignId() + SEPARATOR_STRING + key.adId()
                + SEPARATOR_STRING + key.currency() + SEPARATOR_STRING + key.windowStart();
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Inverse of {@link #encode}; rejects anything that {@code encode} cannot have produced. */
    public static GrainKey decode(byte[] bytes) {
        List<String> parts = split(new String(bytes, StandardCharsets.UTF_8));
        if (parts.size() != 5) {
            throw new IllegalArgumentException("canonical key must have 5 parts, got " + parts.size());
        }
        long windowStart;
        try {
            windowStart = Long.parseLong(parts.get(4));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("canonical key window_start is not a number: " + parts.get(4), e);
        }
        GrainKey key = new GrainKey(parts.get(0), parts.get(1), parts.get(2), parts.get(3), windowStart);
        if (!Arrays.equals(encode(key), bytes)) {
            throw new IllegalArgumentException("key bytes are not in canonical form");
        }
        return key;
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>(5);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == SEPARATOR) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
