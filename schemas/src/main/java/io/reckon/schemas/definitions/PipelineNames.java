package io.reckon.schemas.definitions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The names one reckon pipeline uses on the services it shares: its Kafka topics, Pinot table, Hive database,
 * the speed layer's consumer group and transactional id prefix, and reconciliation's transactional id prefix.
 *
 * <p>The pipeline of a stack uses {@link #DEFAULT}. A second pipeline on the same services (a test, a staging copy)
 * uses {@link #forNamespace}: every name carries the namespace, so the two never read each other's records, offsets
 * or rows. A data directory's {@code stack.properties} lists the names of its pipeline ({@link #properties()}); every
 * command takes its defaults from there ({@link #from}), so pointing {@code RECKON_DATA_DIR} at another data directory
 * is all it takes to run the same commands on another pipeline.
 */
public record PipelineNames(String eventsTopic, String deadLetterTopic, String aggregatesTopic, String pinotTable,
                            String hiveDatabase, String speedGroupId, String speedTransactionalIdPrefix,
                            String reconcileTransactionalIdPrefix) {

    public static final String EVENTS_TOPIC = "kafka.topic.events";
    public static final String DEAD_LETTER_TOPIC = "kafka.topic.dead-letters";
    public static final String AGGREGATES_TOPIC = "kafka.topic.aggregates";
    public static final String PINOT_TABLE = "pinot.table";
    public static final String HIVE_DATABASE = "hive.database";
    public static final String SPEED_GROUP_ID = "stream.group.id";
    public static final String SPEED_TRANSACTIONAL_ID_PREFIX = "stream.transactional.id.prefix";
    public static final String RECONCILE_TRANSACTIONAL_ID_PREFIX = "reconcile.transactional.id.prefix";

    /** Lower-case letters, digits and underscores, starting with a letter: valid in Kafka, Pinot and Hive names. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    /** The names of a stack's own pipeline, as they have always been. */
    public static final PipelineNames DEFAULT = new PipelineNames(Topics.AD_EVENTS, Topics.AD_EVENTS_DLQ,
            Topics.AD_STATS_MINUTE, "ad_stats_minute", "reckon", "reckon-speed", "reckon-speed", "reckon-reconcile");

    /**
     * The names of the pipeline {@code namespace}: topics {@code <ns>.ad-events} ..., Pinot table
     * {@code <ns>_ad_stats_minute}, Hive database {@code <ns>}, group and prefixes {@code <ns>.reckon-...}.
     */
    public static PipelineNames forNamespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("a namespace is a lower-case letter followed by at most 47 lower-case "
                    + "letters, digits or underscores, got '" + namespace + "'");
        }
        String dot = namespace + ".";
        return new PipelineNames(dot + DEFAULT.eventsTopic, dot + DEFAULT.deadLetterTopic, dot + DEFAULT.aggregatesTopic,
                namespace + "_" + DEFAULT.pinotTable, namespace, dot + DEFAULT.speedGroupId,
                dot + DEFAULT.speedTransactionalIdPrefix, dot + DEFAULT.reconcileTransactionalIdPrefix);
    }

    /** The names a {@code stack.properties} lists; a name it does not list (a file of an older stack) is the default. */
    public static PipelineNames from(Properties stack) {
        return new PipelineNames(
                stack.getProperty(EVENTS_TOPIC, DEFAULT.eventsTopic),
                stack.getProperty(DEAD_LETTER_TOPIC, DEFAULT.deadLetterTopic),
                stack.getProperty(AGGREGATES_TOPIC, DEFAULT.aggregatesTopic),
                stack.getProperty(PINOT_TABLE, DEFAULT.pinotTable),
                stack.getProperty(HIVE_DATABASE, DEFAULT.hiveDatabase),
                stack.getProperty(SPEED_GROUP_ID, DEFAULT.speedGroupId),
                stack.getProperty(SPEED_TRANSACTIONAL_ID_PREFIX, DEFAULT.speedTransactionalIdPrefix),
                stack.getProperty(RECONCILE_TRANSACTIONAL_ID_PREFIX, DEFAULT.reconcileTransactionalIdPrefix));
    }

    /** Another Hive database, the rest unchanged (a stack configured with its own {@code hive.database}). */
    public PipelineNames withHiveDatabase(String database) {
        return new PipelineNames(eventsTopic, deadLetterTopic, aggregatesTopic, pinotTable, database, speedGroupId,
                speedTransactionalIdPrefix, reconcileTransactionalIdPrefix);
    }

    /** The names as {@code stack.properties} lists them. */
    public Map<String, String> properties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(EVENTS_TOPIC, eventsTopic);
        m.put(DEAD_LETTER_TOPIC, deadLetterTopic);
        m.put(AGGREGATES_TOPIC, aggregatesTopic);
        m.put(PINOT_TABLE, pinotTable);
        m.put(HIVE_DATABASE, hiveDatabase);
        m.put(SPEED_GROUP_ID, speedGroupId);
        m.put(SPEED_TRANSACTIONAL_ID_PREFIX, speedTransactionalIdPrefix);
        m.put(RECONCILE_TRANSACTIONAL_ID_PREFIX, reconcileTransactionalIdPrefix);
        return m;
    }

    /** This pipeline's name for one of the contract's topics ({@code reckon/kafka/topics.json} names the defaults). */
    public String topic(String contractTopic) {
        if (contractTopic.equals(Topics.AD_EVENTS)) {
            return eventsTopic;
        }
        if (contractTopic.equals(Topics.AD_EVENTS_DLQ)) {
            return deadLetterTopic;
        }
        if (contractTopic.equals(Topics.AD_STATS_MINUTE)) {
            return aggregatesTopic;
        }
        throw new IllegalArgumentException("'" + contractTopic + "' is not one of the contract's topics");
    }
}
