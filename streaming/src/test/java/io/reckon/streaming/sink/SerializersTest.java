package io.reckon.streaming.sink;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.AggregateRowJson;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.deadletter.DeadLetters;
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
}
