package io.reckon.schemas.definitions;

/**
 * The Kafka topics of the contract. Names and partition counts here must equal {@code reckon/kafka/topics.json}
 * (a test checks it).
 *
 * <p>Partition counts are FIXED. Changing one is a migration, not a configuration change:
 * <ul>
 *   <li>{@code ad-events}: all copies of an event_id share a partition only while the count stays the same, and
 *       "earlier" (which copy counts) is defined by the offset order inside that partition.</li>
 *   <li>{@code ad-stats-minute}: Pinot keeps upsert state per partition; with another count a grain row would move
 *       to another partition and appear twice.</li>
 * </ul>
 */
public final class Topics {
    public static final String AD_EVENTS = "ad-events";
    public static final int AD_EVENTS_PARTITIONS = 4;

    /**
     * The largest record batch {@code ad-events} accepts ({@code max.message.bytes}; Kafka's default, set explicitly
     * because the dead-letter topic's limit is derived from it).
     */
    public static final int AD_EVENTS_MAX_MESSAGE_BYTES = 1_048_588;

    public static final String AD_EVENTS_DLQ = "ad-events-dlq";
    public static final int AD_EVENTS_DLQ_PARTITIONS = 1;
    /**
     * The dead-letter topic's {@code max.message.bytes}, and the speed layer's dead-letter producer's
     * {@code max.request.size}: the largest input record plus its {@code reckon.*} headers fits with room to spare, so a
     * dead letter stays byte for byte. Only a value beyond it (an input topic whose limit was raised past this one, or a
     * highly compressible value, since the topic limits the compressed batch) is stored truncated ({@code DeadLetters.truncate}).
     */
    public static final int AD_EVENTS_DLQ_MAX_MESSAGE_BYTES = 2 * AD_EVENTS_MAX_MESSAGE_BYTES;

    public static final String AD_STATS_MINUTE = "ad-stats-minute";
    public static final int AD_STATS_MINUTE_PARTITIONS = 4;

    private Topics() {
    }
}
