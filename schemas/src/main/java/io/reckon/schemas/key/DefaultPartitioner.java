package io.reckon.schemas.key;

/**
 * The partition that the Kafka producer's DEFAULT partitioner assigns to a keyed record:
 * {@code (murmur2(keyBytes) & 0x7fffffff) % numPartitions}, the same function in every Kafka client since 0.8.
 *
 * <p>Re-implemented here (and checked against kafka-clients in a test) so that the contract needs no Kafka
 * dependency and so tools can predict partitions: the generator writes each record's intended partition, and
 * reconciliation can verify that its rows land where the speed layer's did. Producers of {@code ad-events} and
 * {@code ad-stats-minute} must use the default partitioner: no {@code partitioner.class}, no explicit partition,
 * {@code partitioner.ignore.keys=false}, and in Flink no {@code FlinkFixedPartitioner}.
 */
public final class DefaultPartitioner {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private DefaultPartitioner() {
    }

    public static int partitionFor(byte[] keyBytes, int numPartitions) {
        if (numPartitions <= 0) {
            throw new IllegalArgumentException("numPartitions must be positive, got " + numPartitions);
        }
        return (murmur2(keyBytes) & 0x7fffffff) % numPartitions;
    }

    /** MurmurHash2, 32 bit, with Kafka's seed; bytes are read little-endian in blocks of four. */
    public static int murmur2(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length / 4;
        for (int i = 0; i < blocks; i++) {
            int offset = i * 4;
            int k = (data[offset] & 0xff) | ((data[offset + 1] & 0xff) << 8)
                    | ((data[offset + 2] & 0xff) << 16) | ((data[offset + 3] & 0xff) << 24);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = blocks * 4;
        switch (length - tail) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= M;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
