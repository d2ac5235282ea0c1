package io.reckon.streaming.job;

import io.reckon.streaming.archive.ArchivedOffsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a speed layer without checkpoint state starts reading: every partition of the input topic at the first offset
 * the archive lacks ({@link ArchivedOffsets}): right after its highest archived offset, or earlier, at the first
 * offset of its recent tail that Kafka holds (read_committed: transaction markers and aborted records are no gap) and
 * no visible archive file does; a partition the archive has nothing of from its beginning. Never later, so no
 * position goes missing from the archive; a re-read is harmless, because the batch layer counts every position once.
 */
public final class StartingOffsets {
    private StartingOffsets() {
    }

    /**
     * The offsets for {@code partitions}: each partition's first gap ({@code gaps}, from {@link #firstGap}), else right
     * after its highest archived offset, else 0 (the beginning) where the archive has none.
     */
    public static SortedMap<Integer, Long> fromArchive(List<Integer> partitions, SortedMap<Integer, Long> highest,
                                                       Map<Integer, Long> gaps) {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        for (int p : partitions) {
            Long h = highest.get(p);
            offsets.put(p, gaps.containsKey(p) ? gaps.get(p) : h == null ? 0L : h + 1);
        }
        for (int p : highest.keySet()) {
            if (!offsets.containsKey(p)) {
                throw new IllegalStateException("the archive holds partition " + p + ", which the input topic does "
                        + "not have (partitions " + partitions + "): is it the archive of another topic?");
            }
        }
        return offsets;
    }

    /**
     * The first offset Kafka holds in {@code kafkaOffsets} (ascending, those from the first recent archived offset up to
     * {@code highest}) that {@code recentArchived} (sorted) lacks; null when there is none.
     */
    public static Long firstGap(long[] recentArchived, long highest, long[] kafkaOffsets) {
        for (long o : kafkaOffsets) {
            if (o > highest) {
                break;
            }
            if (java.util.Arrays.binarySearch(recentArchived, o) < 0) {
                return o;
            }
        }
        return null;
    }

    /** The one line a start says about it. */
    public static String describe(SortedMap<Integer, Long> offsets, Map<Integer, Long> gaps, ArchivedOffsets.Scan scan) {
        StringJoiner each = new StringJoiner(", ");
        offsets.forEach((p, o) -> each.add("p" + p + " @" + o + (gaps.containsKey(p) ? " (not archived)" : "")));
        return "starting with empty state at the archive's end (" + each + "; read from " + scan.files()
                + " archive file(s), " + scan.rows() + " row(s)): offsets committed past it may belong to records the "
                + "archive never got, and a position read again counts once in the batch layer";
    }

    /** The offsets of {@code [from, to]} of a partition that a read_committed reader gets. */
    static long[] committedOffsets(String bootstrap, String topic, int partition, long from, long to) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.setProperty(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        TopicPartition tp = new TopicPartition(topic, partition);
        java.util.List<Long> offsets = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            long end = Math.min(to + 1, consumer.endOffsets(List.of(tp)).get(tp));
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + tp + " from " + from + " to " + to
                            + " within 2 min");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(java.time.Duration.ofMillis(500))) {
                    if (r.offset() <= to) {
                        offsets.add(r.offset());
                    }
                }
            }
        }
        return offsets.stream().mapToLong(Long::longValue).toArray();
    }

    /** The partitions of {@code topic}, asked with bounded timeouts. */
    public static List<Integer> partitions(String bootstrap, String topic) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(p)) {
            TopicDescription d = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(15_000))
                    .allTopicNames().get(20, TimeUnit.SECONDS).get(topic);
            return d.partitions().stream().map(i -> i.partition()).sorted().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe topic " + topic + " at " + bootstrap + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    /** Scans the archive, the recent tail of each partition in Kafka, and the topic: the offsets and the line. */
    public static Map.Entry<SortedMap<Integer, Long>, String> of(JobOptions options) throws IOException {
        ArchivedOffsets.Scan scan = ArchivedOffsets.scan(options.archiveLocation());
        Map<Integer, Long> gaps = new TreeMap<>();
        scan.recentByPartition().forEach((partition, recent) -> {
            long highest = scan.highestByPartition().get(partition);
            if (recent.length > 0) {
                Long gap = firstGap(recent, highest, committedOffsets(options.bootstrap(), options.inputTopic(),
                        partition, recent[0], highest));
                if (gap != null) {
                    gaps.put(partition, gap);
                }
            }
        });
        SortedMap<Integer, Long> offsets = fromArchive(partitions(options.bootstrap(), options.inputTopic()),
                scan.highestByPartition(), gaps);
        return Map.entry(offsets, describe(offsets, gaps, scan));
    }
}
