package io.reckon.stack.testkit;

import io.reckon.stack.location.StackLocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
        String namespace = uniqueName(prefix);
        Path stackDir = dataDir();
        Path dir = stackDir.resolve("instances").resolve(namespace);
        Path log = stackDir.resolve("logs").resolve("testkit-instances.log");
        List<String> command = List.of(home.resolve("bin").resolve("reckon").toString(), "stack", "instance", namespace,
                "--dir", dir.toString());
        ProcessBuilder pb = StackHandle.processBuilder(home, command, log);
        pb.environment().put(StackLocation.DATA_DIR_ENV, stackDir.toString());
        try {
            Process p = pb.start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("bin/reckon stack instance " + namespace + " did not finish; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("bin/reckon stack instance " + namespace + " failed (exit "
                        + p.exitValue() + "); see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run bin/reckon stack instance", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning pipeline " + namespace, e);
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
