package io.reckon.schemas.key;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Our partitioner must be the Kafka producer's default partitioner, bit for bit. */
class DefaultPartitionerTest {

    @Test
    void equalsKafkaForRandomKeysOfEveryLength() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[random.nextInt(80)];
            random.nextBytes(key);
            int partitions = 1 + random.nextInt(64);

            assertThat(DefaultPartitioner.murmur2(key)).isEqualTo(Utils.murmur2(key));
            assertThat(DefaultPartitioner.partitionFor(key, partitions))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
        }
    }

    @Test
    void goldenValue() {
        byte[] key = "evt-0001".getBytes(StandardCharsets.UTF_8);

        assertThat(Utils.murmur2(key)).isEqualTo(1_927_482_431);
        assertThat(DefaultPartitioner.murmur2(key)).isEqualTo(1_927_482_431);
        assertThat(DefaultPartitioner.partitionFor(key, 4)).isEqualTo(3);
    }
}
