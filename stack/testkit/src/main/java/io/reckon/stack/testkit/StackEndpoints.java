package io.reckon.stack.testkit;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/** Where a test reaches the running stack, read from the endpoints file that {@code bin/reckon stack up} writes. */
public final class StackEndpoints {
    private final Properties props;

    private StackEndpoints(Properties props) {
        this.props = props;
    }

    static StackEndpoints read(Path dataDir) {
        Properties p = io.reckon.stack.location.StackLocation.endpoints(dataDir);
        if (p.isEmpty()) {
            throw new IllegalStateException("the stack is up but "
                    + io.reckon.stack.location.StackLocation.endpointsFile(dataDir) + " is missing or empty");
        }
        return new StackEndpoints(p);
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

    public Path dataDir() {
        return Path.of(get("data.dir"));
    }

    /**
     * A fresh name for a test's own topic or table, so tests never see each other's data. Lower case,
     * letters, digits and underscores only: valid for Kafka, Pinot and Hive alike.
     */
    public static String uniqueName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase(Locale.ROOT);
    }
}
