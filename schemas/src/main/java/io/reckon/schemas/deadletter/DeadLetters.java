package io.reckon.schemas.deadletter;

import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.avro.DeadLetterRecord;
import io.reckon.schemas.validation.ReasonCode;
import io.reckon.schemas.validation.Verdict;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Dead letters: invalid ingress records, never counted and never lost.
 *
 * <p>On the topic {@code ad-events-dlq} a dead letter is the ORIGINAL record, byte for byte: same key, same value,
 * same record timestamp, with the verdict in headers (names below, values UTF-8 text, numbers in decimal), so it
 * can be inspected with any console consumer and replayed unchanged. In Hive it is a {@link DeadLetterRecord} row of
 * {@code ad_events_dead_letter}.
 */
public final class DeadLetters {
    public static final String HEADER_REASON = "reckon.reason";
    public static final String HEADER_MESSAGE = "reckon.message";
    public static final String HEADER_SOURCE_TOPIC = "reckon.source.topic";
    public static final String HEADER_SOURCE_PARTITION = "reckon.source.partition";
    public static final String HEADER_SOURCE_OFFSET = "reckon.source.offset";
    public static final String HEADER_DETECTED_BY = "reckon.detected.by";
    public static final String HEADER_DETECTED_AT = "reckon.detected.at";
    /** Only on a truncated dead letter: the full value's length in bytes. */
    public static final String HEADER_VALUE_LENGTH = "reckon.value.length";
    /** Only on a truncated dead letter: the SHA-256 of the full value, lower-case hex. */
    public static final String HEADER_VALUE_SHA256 = "reckon.value.sha256";

    private DeadLetters() {
    }

    /** The Hive row for an invalid record. */
    public static DeadLetterRecord record(Verdict.Invalid verdict, String topic, int partition, long offset,
                                          long recordTimestamp, byte[] key, byte[] value, Source detectedBy,
                                          long detectedAt) {
        Objects.requireNonNull(verdict, "verdict");
        return DeadLetterRecord.newBuilder()
                .setTopic(topic)
                .setKafkaPartition(partition)
                .setKafkaOffset(offset)
                .setRecordTimestamp(recordTimestamp)
                .setRecordKey(key == null ? null : ByteBuffer.wrap(key.clone()))
                .setRecordValue(value == null ? null : ByteBuffer.wrap(value.clone()))
                .setReason(verdict.reason().name())
                .setMessage(verdict.message())
                .setDetectedBy(detectedBy.wireName())
                .setDetectedAt(detectedAt)
                .build();
    }

    /** The headers of the DLQ record, in a fixed order. */
    public static Map<String, byte[]> headers(DeadLetterRecord letter) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(HEADER_REASON, utf8(letter.getReason()));
        headers.put(HEADER_MESSAGE, utf8(letter.getMessage()));
        headers.put(HEADER_SOURCE_TOPIC, utf8(letter.getTopic()));
        headers.put(HEADER_SOURCE_PARTITION, utf8(Integer.toString(letter.getKafkaPartition())));
        headers.put(HEADER_SOURCE_OFFSET, utf8(Long.toString(letter.getKafkaOffset())));
        headers.put(HEADER_DETECTED_BY, utf8(letter.getDetectedBy()));
        headers.put(HEADER_DETECTED_AT, utf8(Long.toString(letter.getDetectedAt())));
        return headers;
    }

    /** Rebuilds the Hive row from a DLQ record (key, value, timestamp and headers as read from Kafka). */
    public static DeadLetterRecord fromKafka(byte[] key, byte[] value, long recordTimestamp,
                                             Map<String, byte[]> headers) {
        return DeadLetterRecord.newBuilder()
                .setTopic(text(headers, HEADER_SOURCE_TOPIC))
                .setKafkaPartition(Integer.parseInt(text(headers, HEADER_SOURCE_PARTITION)))
                .setKafkaOffset(Long.parseLong(text(headers, HEADER_SOURCE_OFFSET)))
                .setRecordTimestamp(recordTimestamp)
                .setRecordKey(key == null ? null : ByteBuffer.wrap(key.clone()))
                .setRecordValue(value == null ? null : ByteBuffer.wrap(value.clone()))
                .setReason(ReasonCode.valueOf(text(headers, HEADER_REASON)).name())
                .setMessage(text(headers, HEADER_MESSAGE))
                .setDetectedBy(Source.fromWireName(text(headers, HEADER_DETECTED_BY)).wireName())
                .setDetectedAt(Long.parseLong(text(headers, HEADER_DETECTED_AT)))
                .build();
    }

    /**
     * A value too large for the dead-letter topic even with its generous limit (only possible when the input topic's
     * limit was raised past it): its first {@code keep} bytes, with the full value's length and SHA-256 added to
     * {@code headers}. The source position in the headers names the full copy, which the raw archive keeps.
     */
    public static byte[] truncate(byte[] value, int keep, Map<String, byte[]> headers) {
        Objects.requireNonNull(value, "value");
        if (keep < 0 || keep >= value.length) {
            throw new IllegalArgumentException("keep must be in [0, " + value.length + "), got " + keep);
        }
        headers.put(HEADER_VALUE_LENGTH, utf8(Integer.toString(value.length)));
        headers.put(HEADER_VALUE_SHA256, utf8(sha256Hex(value)));
        return Arrays.copyOf(value, keep);
    }

    /** Whether a dead letter's value was truncated ({@link #truncate}); the value is the original bytes if not. */
    public static boolean isTruncated(Map<String, byte[]> headers) {
        return headers.containsKey(HEADER_VALUE_LENGTH);
    }

    /** The bytes {@link #truncate} adds to the headers at most (names, a 10-digit length and 64 hex digits). */
    public static final int TRUNCATION_HEADER_BYTES = HEADER_VALUE_LENGTH.length() + 10 + HEADER_VALUE_SHA256.length()
            + 64;

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Map<String, byte[]> headers, String name) {
        byte[] bytes = headers.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException("dead letter lacks header " + name);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
