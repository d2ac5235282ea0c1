package io.reckon.generator.output;

import io.reckon.generator.traffic.Intent;
import io.reckon.schemas.validation.ReasonCode;

/**
 * One line of {@code events.jsonl} read back: a record exactly as sent.
 *
 * @param partitionSeq position within its partition in this run; equals the Kafka offset when the run started on
 *                     an empty topic and nothing else wrote to it
 */
public record SentRecord(long seq, int partition, long partitionSeq, long timestamp, byte[] key, byte[] value,
                         Intent intent, ReasonCode intendedReason) {
}
