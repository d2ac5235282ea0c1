package io.reckon.generator.traffic;

import io.reckon.schemas.validation.ReasonCode;

/**
 * One record to send to {@code ad-events}, in send order.
 *
 * @param seq            position in the send order, from 0
 * @param key            key bytes, null for a record without key
 * @param value          value bytes, null for a tombstone
 * @param timestamp      the Kafka record timestamp (CreateTime) to set explicitly
 * @param intendedReason for {@link Intent#INVALID}, the reason code it was made to have; else null
 */
public record OutgoingRecord(long seq, byte[] key, byte[] value, long timestamp, Intent intent,
                             ReasonCode intendedReason) {
}
