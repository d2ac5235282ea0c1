package io.reckon.streaming.sink;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.AggregateRowJson;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.deadletter.DeadLetters;
import io.reckon.schemas.definitions.Topics;
import io.reckon.schemas.avro.DeadLetterRecord;
import io.reckon.streaming.ingest.IngressRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SerializersTest {

    @Test
    void anAggregateRowIsKeyedByTheCanonicalKeyAndCarriesTheContractJson() {
        AggregateRow row = new AggregateRow(new GrainKey("adv-1", "cmp-1", "ad-1", "USD", 1764115200000L), 3, 1,
                1_500_000, 1764115260123L, Source.SPEED, 1764115260123L);
        ProducerRecord<byte[], byte[]> r = new AggregateRowSerializer("ad-stats-minute").serialize(row, null, null);
        assertThat(r.topic()).isEqualTo("ad-stats-minute");
        assertThat(r.partition()).as("Kafka's default partitioner decides").isNull();
        assertThat(HexFormat.of().formatHex(r.key()))
                .isEqualTo("6164762d311f636d702d311f61642d311f5553441f31373634313135323030303030");
        assertThat(AggregateRowJson.decode(r.value())).isEqualTo(row);
        assertThat(r.timestamp()).isEqualTo(row.updatedAt());
    }

    @Test
    void aDeadLetterIsTheOriginalRecordWithTheVerdictInHeaders() {
        byte[] key = "e-1".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{\"event_id\":\"e-1\",".getBytes(StandardCharsets.UTF_8);
        IngressRecord invalid = IngressRecord.fromKafka("ad-events", 3, 42, 1764115200000L, key, value);
        ProducerRecord<byte[], byte[]> r = new DeadLetterSerializer("ad-events-dlq").serialize(invalid, null, null);
        assertThat(r.topic()).isEqualTo("ad-events-dlq");
        assertThat(r.key()).isEqualTo(key);
        assertThat(r.value()).isEqualTo(value);
        assertThat(r.timestamp()).isEqualTo(1764115200000L);
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
        }
        DeadLetterRecord letter = DeadLetters.fromKafka(r.key(), r.value(), r.timestamp(), headers);
        assertThat(letter.getReason()).isEqualTo("MALFORMED_JSON");
        assertThat(letter.getTopic()).isEqualTo("ad-events");
        assertThat(letter.getKafkaPartition()).isEqualTo(3);
        assertThat(letter.getKafkaOffset()).isEqualTo(42);
        assertThat(letter.getDetectedBy()).isEqualTo("speed");
    }

    @Test
    void aTombstoneDeadLetterKeepsItsNullValue() {
        IngressRecord tombstone = IngressRecord.fromKafka("ad-events", 0, 1, 5L, null, null);
        ProducerRecord<byte[], byte[]> r = new DeadLetterSerializer("dlq").serialize(tombstone, null, null);
        assertThat(r.key()).isNull();
        assertThat(r.value()).isNull();
        assertThat(new String(r.headers().lastHeader(DeadLetters.HEADER_REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("EMPTY_VALUE");
    }

    @Test
    void theLargestInputRecordBecomesADeadLetterByteForByteThatTheTopicAccepts() {
        byte[] key = "e-big".getBytes(StandardCharsets.UTF_8);
        // As large as ad-events accepts: the record, as a batch of one, at the topic's max.message.bytes.
        int valueBytes = Topics.AD_EVENTS_MAX_MESSAGE_BYTES - DeadLetterSerializer.size(key, new byte[0], Map.of());
        while (DeadLetterSerializer.size(key, new byte[valueBytes], Map.of()) > Topics.AD_EVENTS_MAX_MESSAGE_BYTES) {
            valueBytes--;  // the lengths' varints grew
        }
        byte[] value = new byte[valueBytes];
        java.util.Arrays.fill(value, (byte) 'x');
        assertThat(DeadLetterSerializer.size(key, value, Map.of()))
                .isGreaterThan(Topics.AD_EVENTS_MAX_MESSAGE_BYTES - 4);
        IngressRecord invalid = IngressRecord.fromKafka("ad-events", 2, 7, 1764115200000L, key, value);
        assertThat(invalid.reason).isEqualTo("VALUE_TOO_LARGE");

        ProducerRecord<byte[], byte[]> r = new DeadLetterSerializer("ad-events-dlq").serialize(invalid, null, null);

        assertThat(r.value()).isEqualTo(value);
        Map<String, byte[]> headers = headers(r);
        assertThat(DeadLetters.isTruncated(headers)).isFalse();
        int size = DeadLetterSerializer.size(r.key(), r.value(), headers);
        assertThat(size).as("larger than the producer's default request limit, which stopped the job")
                .isGreaterThan(1_048_576)
                .isLessThanOrEqualTo(Topics.AD_EVENTS_DLQ_MAX_MESSAGE_BYTES);
    }

    @Test
    void aValueBeyondTheDeadLetterLimitIsTruncatedWithItsLengthAndDigest() throws Exception {
        byte[] key = "e-huge".getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[10_000];
        new java.util.Random(7).nextBytes(value);
        IngressRecord invalid = IngressRecord.fromKafka("ad-events", 1, 99, 1764115200000L, key, value);

        ProducerRecord<byte[], byte[]> r = new DeadLetterSerializer("dlq", 4_096).serialize(invalid, null, null);

        Map<String, byte[]> headers = headers(r);
        assertThat(DeadLetterSerializer.size(r.key(), r.value(), headers)).isLessThanOrEqualTo(4_096);
        assertThat(DeadLetters.isTruncated(headers)).isTrue();
        assertThat(r.value()).isEqualTo(java.util.Arrays.copyOf(value, r.value().length));
        assertThat(r.value().length).isGreaterThan(3_000);
        assertThat(new String(headers.get(DeadLetters.HEADER_VALUE_LENGTH), StandardCharsets.UTF_8))
                .isEqualTo("10000");
        assertThat(new String(headers.get(DeadLetters.HEADER_VALUE_SHA256), StandardCharsets.UTF_8)).isEqualTo(
                HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(value)));
        DeadLetterRecord letter = DeadLetters.fromKafka(r.key(), r.value(), r.timestamp(), headers);
        assertThat(letter.getKafkaOffset()).as("the position names the archive's full copy").isEqualTo(99);
    }

    private static Map<String, byte[]> headers(ProducerRecord<byte[], byte[]> r) {
        Map<String, byte[]> headers = new java.util.LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
        }
        return headers;
    }
}
