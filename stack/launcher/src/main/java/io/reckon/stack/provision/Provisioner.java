package io.reckon.stack.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.stack.StackException;
import io.reckon.stack.config.StackConfig;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Applies the definitions kept in schemas/ (classpath {@code reckon/kafka/topics.json}, {@code reckon/pinot/*.json},
 * {@code reckon/hive/*.sql}) to the running stack, for one pipeline's names: the stack's own ({@code up}) or a
 * namespaced one ({@code stack instance}). Every step is idempotent, so {@code up} can run it each time.
 */
public final class Provisioner {
    private final Targets targets;
    private final PrintStream out;

    /** The services the definitions go to; {@code warehouseUri} is a file: or hdfs: URI without a trailing slash. */
    public record Targets(String kafkaBootstrap, String pinotControllerUrl, String hiveJdbcUrl, String warehouseUri) {
        public static Targets of(StackConfig config) {
            return new Targets(config.kafkaBootstrap(), config.pinotControllerUrl(), config.hiveJdbcUrl(),
                    config.warehouseUri());
        }

        /** From a running stack's {@code stack.properties}. */
        public static Targets of(Properties endpoints) {
            String warehouse = required(endpoints, "warehouse.dir");
            return new Targets(required(endpoints, "kafka.bootstrap"), required(endpoints, "pinot.controller.url"),
                    required(endpoints, "hive.jdbc.url"), warehouse.contains(":") ? warehouse : "file:" + warehouse);
        }

        private static String required(Properties p, String key) {
            String v = p.getProperty(key);
            if (v == null || v.isBlank()) {
                throw new StackException("the stack's endpoints lack '" + key + "' (is the stack up?)");
            }
            return v.trim();
        }
    }

    public Provisioner(Targets targets, PrintStream out) {
        this.targets = targets;
        this.out = out;
    }

    public Provisioner(StackConfig config, PrintStream out) {
        this(Targets.of(config), out);
    }

    /** Topics, Pinot schema and table, Hive database and tables of the pipeline {@code names}. */
    public void apply(PipelineNames names) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kafka.bootstrap", targets.kafkaBootstrap());
        values.put("hive.database", names.hiveDatabase());
        values.put("warehouse.dir", targets.warehouseUri());
        Map<String, String> topics = Definitions.list("reckon/kafka");
        Map<String, String> pinot = Definitions.list("reckon/pinot");
        Map<String, String> hive = Definitions.list("reckon/hive");

        List<String> hiveStatements = new ArrayList<>();
        hive.forEach((file, text) -> hiveStatements.addAll(HiveSql.statements(Definitions.resolve(text, values, file))));
        HiveSql hiveSql = new HiveSql(targets.hiveJdbcUrl());
        hiveSql.execute(hiveStatements, "reckon/hive");
        // Tables of an older stack stay as they were under CREATE ... IF NOT EXISTS: add the columns added since.
        List<String> evolved = hiveSql.evolve(hiveStatements, "reckon/hive");
        out.printf("  provisioned Hive: %d statement(s) from %d file(s), database %s%s%n", hiveStatements.size(),
                hive.size(), names.hiveDatabase(), evolved.isEmpty() ? "" : "; evolved: " + String.join("; ", evolved));

        int created = 0;
        int total = 0;
        List<String> evolvedTopics = new ArrayList<>();
        try (KafkaTopics admin = new KafkaTopics(targets.kafkaBootstrap())) {
            for (Map.Entry<String, String> f : topics.entrySet()) {
                if (!f.getKey().endsWith(".json")) {
                    continue;
                }
                for (JsonNode t : PinotAdmin.readTree(Definitions.resolve(f.getValue(), values, f.getKey()))) {
                    Map<String, String> topicConfig = new LinkedHashMap<>();
                    t.path("config").fields().forEachRemaining(e -> topicConfig.put(e.getKey(), e.getValue().asText()));
                    total++;
                    String topic = topicName(names, t.get("name").asText());
                    KafkaTopics.Ensured ensured = admin.ensure(topic, t.get("partitions").asInt(), topicConfig);
                    if (ensured.created()) {
                        created++;
                    }
                    ensured.changed().forEach(change -> evolvedTopics.add(topic + " " + change));
                }
            }
        }
        out.printf("  provisioned Kafka: %d topic(s), %d new%s%n", total, created,
                evolvedTopics.isEmpty() ? "" : "; evolved: " + String.join("; ", evolvedTopics));

        PinotAdmin admin = new PinotAdmin(targets.pinotControllerUrl());
        List<String> tables = new ArrayList<>();
        // Schemas first: a table config refers to its schema by name.
        for (Map.Entry<String, String> f : pinot.entrySet()) {
            String json = Definitions.resolve(f.getValue(), pinotValues(values, f.getKey(), names), f.getKey());
            if (PinotAdmin.readTree(json).has("schemaName")) {
                admin.putSchema(json);
            } else if (PinotAdmin.readTree(json).has("tableName")) {
                tables.add(json);
            }
        }
        tables.forEach(admin::putTable);
        out.printf("  provisioned Pinot: %d table(s)%n", tables.size());
    }

    private static String topicName(PipelineNames names, String contractTopic) {
        try {
            return names.topic(contractTopic);
        } catch (IllegalArgumentException e) {
            throw new StackException("reckon/kafka/topics.json: " + e.getMessage());
        }
    }

    /**
     * Pinot definitions are templates ({@code ${pinot.table}}, {@code ${kafka.topic}}), so that a pipeline (or a test)
     * gets its own copy. The shipped {@code ad_stats_minute.*.json} are the pipeline's table, reading its aggregates
     * topic.
     */
    static Map<String, String> pinotValues(Map<String, String> values, String fileName, PipelineNames names) {
        String base = fileName.replaceFirst("\\.(schema|table)\\.json$", "").replaceFirst("\\.json$", "");
        if (!base.equals(PipelineNames.DEFAULT.pinotTable())) {
            throw new StackException("reckon/pinot/" + fileName + " is not a definition of the pipeline's table "
                    + PipelineNames.DEFAULT.pinotTable());
        }
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put("pinot.table", names.pinotTable());
        m.put("kafka.topic", names.aggregatesTopic());
        return m;
    }
}
