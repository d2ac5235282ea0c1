package io.reckon.stack.location;

import java.util.Map;
import java.util.Properties;

/**
 * Where a command looks for an engine when neither an option nor the data directory's {@code stack.properties} names
 * it: the default local stack's endpoints ({@code bin/reckon stack up} with its defaults; a test keeps them equal to
 * the launcher's {@code reckon-stack-defaults.properties}). Defined once, so that every job falls back alike.
 */
public final class DefaultEndpoints {
    public static final String KAFKA_BOOTSTRAP = "127.0.0.1:19092";
    public static final String HIVE_JDBC_URL = "jdbc:hive2://127.0.0.1:19010/default";
    public static final String PINOT_BROKER_URL = "http://127.0.0.1:19099";
    public static final String PINOT_ZOOKEEPER = "127.0.0.1:19181";

    /** By the {@code stack.properties} key each one is written under. */
    public static final Map<String, String> BY_KEY = Map.of(
            "kafka.bootstrap", KAFKA_BOOTSTRAP,
            "hive.jdbc.url", HIVE_JDBC_URL,
            "pinot.broker.url", PINOT_BROKER_URL,
            "pinot.zookeeper", PINOT_ZOOKEEPER);

    private DefaultEndpoints() {
    }

    /** The endpoint {@code key} of a stack's endpoints, else its default. */
    public static String of(Properties stack, String key) {
        String fallback = BY_KEY.get(key);
        if (fallback == null) {
            throw new IllegalArgumentException("no default endpoint " + key + " (known: " + BY_KEY.keySet() + ")");
        }
        return stack.getProperty(key, fallback);
    }
}
