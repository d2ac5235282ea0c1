package io.reckon.streaming.dedup;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The dedup key: an {@code event_id} as its UTF-8 bytes (the bytes of the Kafka key, contract section 1), equal
 * when the bytes are. UTF-8 is one-to-one, so two ids are the same key exactly when they are the same string.
 *
 * <p>Why not the {@code String} itself: the heap state backend writes the whole dedup state into every checkpoint,
 * and Flink's {@code StringSerializer} writes a key one char at a time. In the benchmark's full job that was most of
 * the checkpoint's CPU (JFR: 85% of the snapshot thread, see bench/streaming/results.md). This key goes out as a
 * length and one block of bytes ({@link Serializer}).
 */
@TypeInfo(EventIdKey.TypeInfoFactory.class)
public final class EventIdKey {
    private final byte[] utf8;
    private final int hash;

    private EventIdKey(byte[] utf8) {
        this.utf8 = utf8;
        this.hash = Arrays.hashCode(utf8);  // content-based, the same in every JVM: key groups depend on it
    }

    public static EventIdKey of(String eventId) {
        return new EventIdKey(eventId.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventIdKey k && hash == k.hash && Arrays.equals(utf8, k.utf8);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Length, then the bytes in one write. Keys are never changed after creation (immutable). */
    public static final class Serializer extends TypeSerializerSingleton<EventIdKey> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();
        private static final EventIdKey EMPTY = new EventIdKey(new byte[0]);

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public EventIdKey createInstance() {
            return EMPTY;
        }

        @Override
        public EventIdKey copy(EventIdKey from) {
            return from;
        }

        @Override
        public EventIdKey copy(EventIdKey from, EventIdKey reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(EventIdKey key, DataOutputView target) throws IOException {
            target.writeInt(key.utf8.length);
            target.write(key.utf8);
        }

        @Override
        public EventIdKey deserialize(DataInputView source) throws IOException {
            byte[] bytes = new byte[source.readInt()];
            source.readFully(bytes);
            return new EventIdKey(bytes);
        }

        @Override
        public EventIdKey deserialize(EventIdKey reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            int length = source.readInt();
            target.writeInt(length);
            target.write(source, length);
        }

        @Override
        public TypeSerializerSnapshot<EventIdKey> snapshotConfiguration() {
            return new SerializerSnapshot();
        }
    }

    /**
     * What a checkpoint records of the key serializer: nothing but this class's name (it has no configuration).
     * The name is part of every checkpoint's format: renaming or moving this class breaks restores.
     */
    public static final class SerializerSnapshot extends SimpleTypeSerializerSnapshot<EventIdKey> {
        public SerializerSnapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }

    /** Picked up by Flink's type extraction wherever an {@code EventIdKey} appears (the dedup key selector). */
    public static final class TypeInfoFactory extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<EventIdKey> {
        @Override
        public TypeInformation<EventIdKey> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new Info();
        }
    }

    /** A key type of one field, serialized by {@link Serializer}. */
    public static final class Info extends TypeInformation<EventIdKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<EventIdKey> getTypeClass() {
            return EventIdKey.class;
        }

        @Override
        public boolean isKeyType() {
            return true;
        }

        @Override
        public TypeSerializer<EventIdKey> createSerializer(SerializerConfig config) {
            return Serializer.INSTANCE;
        }

        @Override
        public String toString() {
            return "EventIdKey";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info;
        }

        @Override
        public int hashCode() {
            return Info.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info;
        }
    }
}
