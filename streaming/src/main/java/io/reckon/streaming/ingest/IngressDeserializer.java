package io.reckon.streaming.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns each Kafka record of {@code ad-events} into an {@link IngressRecord}: bytes, origin and verdict. */
public final class IngressDeserializer implements KafkaRecordDeserializationSchema<IngressRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IngressRecord> out) {
        out.collect(IngressRecord.fromKafka(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value()));
    }

    @Override
    public TypeInformation<IngressRecord> getProducedType() {
        return TypeInformation.of(IngressRecord.class);
    }
}
