package io.reckon.streaming.dedup;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Flink's own serializer test suite (copy, snapshot and restore, duplicates, ...) plus the key's identity rules. */
class EventIdKeyTest extends SerializerTestBase<EventIdKey> {

    @Override
    protected TypeSerializer<EventIdKey> createSerializer() {
        return EventIdKey.Serializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<EventIdKey> getTypeClass() {
        return EventIdKey.class;
    }

    @Override
    protected EventIdKey[] getTestData() {
        return new EventIdKey[] {EventIdKey.of("e-1"), EventIdKey.of("3f2b9c1e-8a4d-4e7f-9b0a-1c2d3e4f5a6b"),
            EventIdKey.of("ünïcödé-€-𝄞"), EventIdKey.of("x".repeat(64))};
    }

    @Test
    void sameStringSameKeyAndOtherwiseNot() {
        assertThat(EventIdKey.of("e-1")).isEqualTo(EventIdKey.of("e-1")).hasSameHashCodeAs(EventIdKey.of("e-1"));
        assertThat(EventIdKey.of("e-1")).isNotEqualTo(EventIdKey.of("e-1 ")).isNotEqualTo(EventIdKey.of("E-1"));
        assertThat(EventIdKey.of("é").toString()).isEqualTo("é");
    }

    @Test
    void theHashIsTheContentsSoKeyGroupsAreTheSameInEveryJvm() {
        // Arrays.hashCode of the UTF-8 bytes: fixed by the bytes alone, never an identity hash
        assertThat(EventIdKey.of("ab").hashCode()).isEqualTo(31 * (31 + 'a') + 'b');
    }

    @Test
    void flinkTypeExtractionUsesThisSerializer() {
        TypeInformation<EventIdKey> info = TypeInformation.of(EventIdKey.class);
        assertThat(info.isKeyType()).isTrue();
        assertThat(info.createSerializer(new SerializerConfigImpl())).isSameAs(EventIdKey.Serializer.INSTANCE);
    }
}
