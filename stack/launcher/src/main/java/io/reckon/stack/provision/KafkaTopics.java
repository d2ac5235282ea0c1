package io.reckon.stack.provision;

import io.reckon.stack.StackException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates topics idempotently and evolves their config. A topic that exists with another partition count is an error:
 * keys would move.
 */
public final class KafkaTopics implements AutoCloseable {
    private final Admin admin;

    public KafkaTopics(String bootstrap) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        this.admin = Admin.create(p);
    }

    /**
     * What {@link #ensure} did: created the topic, or found it and set the definition's config values it lacked
     * ({@code changed}, as {@code key old -> new}; empty when it was already as defined).
     */
    public record Ensured(boolean created, List<String> changed) {
    }

    /**
     * Creates the topic as defined, or, when it exists (provisioned by an older stack), sets every config value of the
     * definition that differs: a limit raised in the contract reaches existing topics at the next provisioning.
     */
    public Ensured ensure(String name, int partitions, Map<String, String> config) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(config);
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            awaitServed(name);
            return new Ensured(true, List.of());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StackException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            throw new StackException("cannot create topic " + name + ": " + e.getMessage(), e);
        }
        int actual = describe(name).partitions().size();
        if (actual != partitions) {
            throw new StackException("topic " + name + " exists with " + actual + " partitions but is defined with "
                    + partitions + "; changing a partition count is a migration, not provisioning");
        }
        return new Ensured(false, evolve(name, config));
    }

    /**
     * Waits until the broker serves the new topic's config. The controller acknowledges a creation before the broker
     * has applied it to its metadata, so a describe right after can still answer "unknown topic"; provisioning
     * returns only once the topic can be used.
     */
    private void awaitServed(String name) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new StackException("topic " + name + " was created but is not served: "
                            + e.getCause().getMessage(), e);
                }
            } catch (Exception e) {
                throw new StackException("topic " + name + " was created but is not served: " + e.getMessage(), e);
            }
            try {
                Thread.sleep(100); // the poll's interval, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for topic " + name, e);
            }
        }
    }

    private List<String> evolve(String name, Map<String, String> config) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        try {
            Config actual = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            List<String> changed = new ArrayList<>();
            List<AlterConfigOp> ops = new ArrayList<>();
            config.forEach((key, value) -> {
                ConfigEntry entry = actual.get(key);
                String old = entry == null ? null : entry.value();
                if (!value.equals(old)) {
                    changed.add(key + " " + old + " -> " + value);
                    ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                }
            });
            if (!ops.isEmpty()) {
                admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
            }
            return changed;
        } catch (Exception e) {
            throw new StackException("cannot evolve the config of topic " + name + ": " + e.getMessage(), e);
        }
    }

    /** The topic's current value of a config key (null when unset). */
    public String config(String name, String key) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        try {
            ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get(key);
            return entry == null ? null : entry.value();
        } catch (Exception e) {
            throw new StackException("cannot describe the config of topic " + name + ": " + e.getMessage(), e);
        }
    }

    public TopicDescription describe(String name) {
        try {
            return admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
        } catch (Exception e) {
            throw new StackException("cannot describe topic " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
