package io.reckon.stack.provision;

import io.reckon.stack.StackException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates topics idempotently. A topic that exists with another partition count is an error: keys would move. */
public final class KafkaTopics implements AutoCloseable {
    private final Admin admin;

    public KafkaTopics(String bootstrap) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        this.admin = Admin.create(p);
    }

    /** Returns true if the topic was created, false if it already existed as defined. */
    public boolean ensure(String name, int partitions, Map<String, String> config) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(config);
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            return true;
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
        return false;
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
