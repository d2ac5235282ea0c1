package io.reckon.stack.component;

import io.reckon.stack.StackException;
import io.reckon.stack.config.StackConfig;
import io.reckon.stack.probe.Probes;
import io.reckon.stack.process.JvmSpec;
import io.reckon.stack.process.Supervisor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** A single-node Kafka 4 broker in KRaft mode (broker and controller in one JVM), transactions enabled. */
public final class KafkaBroker implements Component {
    public static final String NAME = "kafka";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<Integer, String> ports(StackConfig c) {
        Map<Integer, String> m = new java.util.LinkedHashMap<>();
        m.put(c.port("kafka.port"), "Kafka broker (kafka.port)");
        m.put(c.port("kafka.controller.port"), "Kafka KRaft controller (kafka.controller.port)");
        return m;
    }

    @Override
    public String endpoint(StackConfig c) {
        return c.kafkaBootstrap();
    }

    private static Path serverProperties(StackConfig c) {
        return c.componentDir(NAME).resolve("server.properties");
    }

    /** The local broker's transaction.max.timeout.ms. */
    public static final Duration TRANSACTION_MAX_TIMEOUT = Duration.ofHours(6);

    @Override
    public void prepare(StackConfig c, Supervisor supervisor) {
        Path dir = c.componentDir(NAME);
        Path logDirs = dir.resolve("data");
        String host = c.host();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + host + ":" + c.port("kafka.controller.port"));
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + c.port("kafka.port")
                + ",CONTROLLER://" + host + ":" + c.port("kafka.controller.port"));
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + c.port("kafka.port"));
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDirs.toString());
        p.setProperty("num.partitions", "1");
        // Topics come from schemas/ definitions; a typo in a topic name must fail, not create a topic.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        // The speed layer's transaction timeout is this maximum: the longest outage after which a resumed job still
        // commits the output it had pre-committed (docs/reliability.md, path 8). Kafka's default is 15 minutes. The
        // cost: an open transaction of a job that never comes back holds back read_committed readers (Pinot) until
        // it expires; a restarted job aborts it at once.
        p.setProperty("transaction.max.timeout.ms", Long.toString(TRANSACTION_MAX_TIMEOUT.toMillis()));
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        try {
            Files.createDirectories(dir);
            try (var w = Files.newBufferedWriter(serverProperties(c))) {
                p.store(w, "written by bin/reckon stack up");
            }
            Files.writeString(log4jConfig(c), String.join("\n",
                    "# written by bin/reckon stack up: INFO to stdout, which the launcher sends to logs/kafka.log",
                    "appender.out.type = Console",
                    "appender.out.name = OUT",
                    "appender.out.layout.type = PatternLayout",
                    "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.out.ref = OUT",
                    "logger.state.name = state.change.logger",
                    "logger.state.level = WARN",
                    ""));
        } catch (IOException e) {
            throw new StackException("cannot write Kafka config in " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            JvmSpec format = new JvmSpec(NAME + "-format", Runtimes.classpath(c, "kafka"), "kafka.tools.StorageTool")
                    .heap("256m")
                    .args("format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties(c).toString());
            supervisor.runToCompletion(format, Duration.ofSeconds(60));
            if (!Files.exists(logDirs.resolve("meta.properties"))) {
                throw new StackException("Kafka storage format failed; see " + c.logFile(NAME + "-format"));
            }
        }
    }

    private static Path log4jConfig(StackConfig c) {
        return c.componentDir(NAME).resolve("log4j2.properties");
    }

    @Override
    public JvmSpec jvm(StackConfig c) {
        return new JvmSpec(NAME, Runtimes.classpath(c, "kafka"), "kafka.Kafka")
                .heap(c.get("kafka.heap"))
                .jvmArgs(java.util.List.of("-XX:+UseG1GC"))
                .property("log4j2.configurationFile", log4jConfig(c).toString())
                .workDir(c.componentDir(NAME))
                .args(serverProperties(c).toString());
    }

    @Override
    public boolean healthy(StackConfig c) {
        if (!Probes.tcp(c.host(), c.port("kafka.port"))) {
            return false;
        }
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafkaBootstrap());
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(p)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                    .nodes().get(4, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
