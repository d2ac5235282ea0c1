package io.reckon.stack.testkit;

import io.reckon.stack.location.StackLocation;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * Where a test reaches the running stack, or one pipeline on it: the {@code stack.properties} of a data directory
 * (the stack's, which {@code bin/reckon stack up} writes, or an instance's, see {@link #newPipeline}).
 */
public final class StackEndpoints {
    private final Path home;
    private final Properties props;
    private final Path configFile;

    private StackEndpoints(Path home, Properties props, Path configFile) {
        this.home = home;
        this.props = props;
        this.configFile = configFile;
    }

    /** The endpoints of a data directory; {@code configFile} is the settings its stack was started with, if known. */
    static StackEndpoints read(Path home, Path dataDir, Path configFile) {
        Properties p = StackLocation.endpoints(dataDir);
        if (p.isEmpty()) {
            throw new IllegalStateException("no running stack for " + dataDir + ": "
                    + StackLocation.endpointsFile(dataDir) + " is missing or empty");
        }
        return new StackEndpoints(home, p, configFile);
    }

    /**
     * The stack settings ({@code --config}) the suite's own stack runs with, for a test that starts an engine JVM of
     * its own on it (spark-sql); empty for a stack named with {@code -Dreckon.it.stack}.
     */
    public java.util.Optional<Path> configFile() {
        return java.util.Optional.ofNullable(configFile);
    }

    /**
     * A pipeline of the test's own on this stack ({@code bin/reckon stack instance}): topics, Pinot table and Hive
     * database named after a fresh namespace, and a data directory of its own (its checkpoints, stream PID and log,
     * nightly state, exports). Commands run with {@code RECKON_DATA_DIR} set to {@link #dataDir()} of the result work on
     * that pipeline alone, so a test that drives whole commands (the demo, the nightly chain, Airflow) shares nothing.
     */
    public StackEndpoints newPipeline(String prefix) {
        return pipeline(uniqueName(prefix));
    }

    /**
     * The pipeline {@code namespace} on this stack, provisioned (again: {@code stack instance} is idempotent), with its
     * data directory {@code <stack data dir>/instances/<namespace>}.
     */
    public StackEndpoints pipeline(String namespace) {
        Path stackDir = stackDataDir();
        Path dir = stackDir.resolve("instances").resolve(namespace);
        Path log = stackDir.resolve("logs").resolve("testkit-instances.log");
        String what = "bin/reckon stack instance " + namespace;
        ProcessBuilder pb = StackHandle.processBuilder(home, List.of(home.resolve("bin").resolve("reckon").toString(),
                "stack", "instance", namespace, "--dir", dir.toString()), log);
        pb.environment().put(StackLocation.DATA_DIR_ENV, stackDir.toString());
        int rc = StackHandle.run(pb, what, log);
        if (rc != 0) {
            throw new IllegalStateException(what + " failed (exit " + rc + "); see " + log);
        }
        return read(home, dir, configFile);
    }

    /** The reckon installation (repository root) the tests run. */
    public Path home() {
        return home;
    }

    /** Every entry of the {@code stack.properties}: endpoints and the pipeline's names. */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(props);
        return copy;
    }

    /** The namespace of a pipeline made by {@link #newPipeline}; empty for the stack's own. */
    public String namespace() {
        return props.getProperty("namespace", "");
    }

    public String get(String key) {
        String v = props.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no stack endpoint '" + key + "'; known: " + props.stringPropertyNames());
        }
        return v;
    }

    public String kafkaBootstrap() {
        return get("kafka.bootstrap");
    }

    public String pinotControllerUrl() {
        return get("pinot.controller.url");
    }

    public String pinotBrokerUrl() {
        return get("pinot.broker.url");
    }

    /** host:port of the broker, as pinot-java-client wants it. */
    public String pinotBrokerHostPort() {
        return pinotBrokerUrl().replaceFirst("^https?://", "");
    }

    public String hiveJdbcUrl() {
        return get("hive.jdbc.url");
    }

    public String hiveDatabase() {
        return get("hive.database");
    }

    /** The data directory: the stack's, or a pipeline's own (which then holds {@code stack.properties} only). */
    public Path dataDir() {
        return Path.of(get("data.dir"));
    }

    /** The running stack's data directory, also for a pipeline of it. */
    public Path stackDataDir() {
        return Path.of(props.getProperty("stack.data.dir", get("data.dir")));
    }

    /**
     * A fresh name for a test's own topic or table, so tests never see each other's data. Lower case,
     * letters, digits and underscores only: valid for Kafka, Pinot and Hive alike.
     */
    public static String uniqueName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase(Locale.ROOT);
    }
}
