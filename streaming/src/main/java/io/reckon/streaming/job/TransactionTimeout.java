package io.reckon.streaming.job;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The speed layer's Kafka transaction timeout, and what a restore after a longer outage lost.
 *
 * <p>The aggregates and dead letters of a checkpoint are written in transactions that are committed only after the
 * checkpoint completes. A job that stops in between leaves them pre-committed, and the resumed job commits them from
 * its checkpoint, unless the broker has aborted them first: it does so once a transaction is older than its timeout.
 * The output is then gone (Pinot lacks those rows until the day is reconciled; the dead-letter topic lacks those
 * records, which the batch layer's dead-letter table still has). So the timeout is the broker's maximum, the longest
 * outage that loses nothing, and a restore past it says so loudly.
 */
public final class TransactionTimeout {
    /** The broker setting that caps every producer's {@code transaction.timeout.ms}. */
    public static final String BROKER_MAXIMUM = "transaction.max.timeout.ms";
    /** Kafka's default for {@link #BROKER_MAXIMUM}. */
    static final Duration KAFKA_DEFAULT_MAXIMUM = Duration.ofMinutes(15);

    private TransactionTimeout() {
    }

    /** The broker's {@value #BROKER_MAXIMUM}, asked with bounded timeouts (the lowest over the cluster's brokers). */
    public static Duration brokerMaximum(String bootstrap) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(p)) {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(15_000)).nodes()
                    .get(20, TimeUnit.SECONDS);
            List<ConfigResource> brokers = nodes.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(n.id()))).toList();
            Duration lowest = null;
            for (Config config : admin.describeConfigs(brokers, new DescribeConfigsOptions().timeoutMs(15_000)).all()
                    .get(20, TimeUnit.SECONDS).values()) {
                ConfigEntry entry = config.get(BROKER_MAXIMUM);
                Duration value = entry == null || entry.value() == null ? KAFKA_DEFAULT_MAXIMUM
                        : Duration.ofMillis(Long.parseLong(entry.value()));
                lowest = lowest == null || value.compareTo(lowest) < 0 ? value : lowest;
            }
            if (lowest == null) {
                throw new IllegalStateException("Kafka at " + bootstrap + " lists no broker");
            }
            return lowest;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka at " + bootstrap + " for "
                    + BROKER_MAXIMUM, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot ask Kafka at " + bootstrap + " for its " + BROKER_MAXIMUM + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    /**
     * The loud line for a restore whose pre-committed output the broker has aborted, if it has (or may have).
     *
     * <p>The transactions a checkpoint pre-commits were opened after the checkpoint before it, at most one interval
     * (plus the checkpoint's own duration, bounded by the same interval's margin) before it completed, and the broker
     * aborts one once it is older than the timeout. So a checkpoint completed at {@code completedAt} lost its output
     * if {@code now - completedAt + 2 x interval >= timeout}: conservative, it never stays silent about a loss.
     */
    public static Optional<String> lostOutput(RetainedCheckpoints.Checkpoint checkpoint, Instant now,
                                              Duration timeout, Duration interval, JobOptions options) {
        Duration age = Duration.between(Instant.ofEpochMilli(checkpoint.writtenAt()), now);
        if (age.plus(interval.multipliedBy(2)).compareTo(timeout) < 0) {
            return Optional.empty();
        }
        return Optional.of("LOST OUTPUT: checkpoint " + checkpoint.number() + " completed "
                + human(age) + " ago, longer than the transaction timeout (" + human(timeout) + "); the broker has "
                + "aborted the transactions it pre-committed, so the aggregates (" + options.aggregatesTopic()
                + ", Pinot) and dead letters (" + options.deadLetterTopic() + ") of the records read in the "
                + interval + " before " + Instant.ofEpochMilli(checkpoint.writtenAt()) + " are lost; reconcile the "
                + "days of those records (bin/reckon nightly) to put Pinot right; the archive and the batch layer "
                + "have them");
    }

    private static String human(Duration d) {
        return d.toSeconds() >= 3600 ? String.format("%.1f h", d.toSeconds() / 3600.0)
                : d.toSeconds() >= 60 ? (d.toSeconds() / 60) + " min" : d.toSeconds() + " s";
    }
}
