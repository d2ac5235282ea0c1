package io.reckon.schemas.deadletter;

import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.avro.DeadLetterRecord;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.ReasonCode;
import io.reckon.schemas.validation.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {

    @Test
    void headersCarryTheVerdictAndTheSourcePosition() {
        byte[] key = "e-1".getBytes(StandardCharsets.UTF_8);
        byte[] value = {(byte) 0xFF, 0x00};
        Verdict.Invalid verdict = (Verdict.Invalid) IngressValidator.validate(key, value, 1_000L);

        DeadLetterRecord letter = DeadLetters.record(verdict, "ad-events", 3, 42L, 1_000L, key, value,
                Source.SPEED, 2_000L);
        Map<String, byte[]> headers = DeadLetters.headers(letter);

        assertThat(headers.keySet()).containsExactly("reckon.reason", "reckon.message", "reckon.source.topic",
                "reckon.source.partition", "reckon.source.offset", "reckon.detected.by", "reckon.detected.at");
        assertThat(new String(headers.get("reckon.reason"), StandardCharsets.UTF_8)).isEqualTo("NOT_UTF8");
        assertThat(new String(headers.get("reckon.source.offset"), StandardCharsets.UTF_8)).isEqualTo("42");
        assertThat(DeadLetters.fromKafka(key, value, 1_000L, headers)).isEqualTo(letter);
        assertThat(letter.getReason()).isEqualTo(ReasonCode.NOT_UTF8.name());
    }

    @Test
    void keepsNullKeyAndValue() {
        Verdict.Invalid verdict = (Verdict.Invalid) IngressValidator.validate(null, null, 1_000L);

        DeadLetterRecord letter = DeadLetters.record(verdict, "ad-events", 0, 0L, 1_000L, null, null,
                Source.BATCH, 3L);

        assertThat(letter.getRecordKey()).isNull();
        assertThat(letter.getRecordValue()).isNull();
        assertThat(DeadLetters.fromKafka(null, null, 1_000L, DeadLetters.headers(letter))).isEqualTo(letter);
    }
}
