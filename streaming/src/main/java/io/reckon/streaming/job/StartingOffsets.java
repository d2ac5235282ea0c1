package io.reckon.streaming.job;

import io.reckon.streaming.archive.ArchivedOffsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a speed layer without checkpoint state starts reading: every partition of the input topic right after the
 * highest offset the raw archive holds for it ({@link ArchivedOffsets}), a partition the archive has nothing of from
 * its beginning. Never later than that, so no position goes missing from the archive; a re-read is harmless, because
 * the batch layer counts every position once.
 */
public final class StartingOffsets {
    private StartingOffsets() {
    }

    /** The offsets for {@code partitions} from the archive's highest offsets (0, i.e. the beginning, where none). */
    public static SortedMap<Integer, Long> fromArchive(List<Integer> partitions, SortedMap<Integer, Long> highest) {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        for (int p : partitions) {
            Long h = highest.get(p);
            offsets.put(p, h == null ? 0L : h + 1);
        }
        for (int p : highest.keySet()) {
            if (!offsets.containsKey(p)) {
                throw new IllegalStateException("the archive holds partition " + p + ", which the input topic does "
                        + "not have (partitions " + partitions + "): is it the archive of another topic?");
            }
        }
        return offsets;
    }

    /** The one line a start says about it. */
    public static String describe(SortedMap<Integer, Long> offsets, ArchivedOffsets.Scan scan) {
        StringJoiner each = new StringJoiner(", ");
        offsets.forEach((p, o) -> each.add("p" + p + " @" + o));
        return "starting with empty state right after the archive's highest offsets (" + each + "; read from "
                + scan.files() + " archive file(s), " + scan.rows() + " row(s)): offsets committed past them may "
                + "belong to records the archive never got, and a position read again counts once in the batch layer";
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

    /** Scans the archive and describes the topic: the offsets and the line to say. */
    public static Map.Entry<SortedMap<Integer, Long>, String> of(JobOptions options) throws IOException {
        ArchivedOffsets.Scan scan = ArchivedOffsets.scan(options.archiveLocation());
        SortedMap<Integer, Long> offsets = fromArchive(partitions(options.bootstrap(), options.inputTopic()),
                scan.highestByPartition());
        return Map.entry(offsets, describe(offsets, scan));
    }
}
