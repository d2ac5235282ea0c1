package io.reckon.stack.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.reckon.stack.config.StackConfig;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the definitions kept in schemas/ (classpath {@code reckon/kafka/topics.json}, {@code reckon/pinot/*.json},
 * {@code reckon/hive/*.sql}) to the running stack. Every step is idempotent, so {@code up} can run it each time.
 */
public final class Provisioner {
    private final StackConfig config;
    private final PrintStream out;

    public Provisioner(StackConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public void applyDefinitions() {
        Map<String, String> values = config.placeholders();
        Map<String, String> topics = Definitions.list("reckon/kafka");
        Map<String, String> pinot = Definitions.list("reckon/pinot");
        Map<String, String> hive = Definitions.list("reckon/hive");

        List<String> hiveStatements = new ArrayList<>();
        hive.forEach((file, text) -> hiveStatements.addAll(HiveSql.statements(Definitions.resolve(text, values, file))));
        new HiveSql(config.hiveJdbcUrl()).execute(hiveStatements, "reckon/hive");
        out.printf("  provisioned Hive: %d statement(s) from %d file(s)%n", hiveStatements.size(), hive.size());

        int created = 0;
        int total = 0;
        try (KafkaTopics admin = new KafkaTopics(config.kafkaBootstrap())) {
            for (Map.Entry<String, String> f : topics.entrySet()) {
                if (!f.getKey().endsWith(".json")) {
                    continue;
                }
                for (JsonNode t : PinotAdmin.readTree(Definitions.resolve(f.getValue(), values, f.getKey()))) {
                    Map<String, String> topicConfig = new LinkedHashMap<>();
                    t.path("config").fields().forEachRemaining(e -> topicConfig.put(e.getKey(), e.getValue().asText()));
                    total++;
                    if (admin.ensure(t.get("name").asText(), t.get("partitions").asInt(), topicConfig)) {
                        created++;
                    }
                }
            }
        }
        out.printf("  provisioned Kafka: %d topic(s), %d new%n", total, created);

        PinotAdmin admin = new PinotAdmin(config.pinotControllerUrl());
        List<String> tables = new ArrayList<>();
        // Schemas first: a table config refers to its schema by name.
        for (Map.Entry<String, String> f : pinot.entrySet()) {
            String json = Definitions.resolve(f.getValue(), pinotValues(values, f.getKey()), f.getKey());
            if (PinotAdmin.readTree(json).has("schemaName")) {
                admin.putSchema(json);
            } else if (PinotAdmin.readTree(json).has("tableName")) {
                tables.add(json);
            }
        }
        tables.forEach(admin::putTable);
        out.printf("  provisioned Pinot: %d table(s)%n", tables.size());
    }

    /**
     * Pinot definitions are templates, so that tests can provision isolated copies. For the shipped ones,
     * {@code <name>.schema.json} / {@code <name>.table.json} give {@code ${pinot.table}} = name and
     * {@code ${kafka.topic}} = name with dashes (ad_stats_minute reads topic ad-stats-minute).
     */
    static Map<String, String> pinotValues(Map<String, String> values, String fileName) {
        String base = fileName.replaceFirst("\\.(schema|table)\\.json$", "").replaceFirst("\\.json$", "");
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putIfAbsent("pinot.table", base);
        m.putIfAbsent("kafka.topic", base.replace('_', '-'));
        return m;
    }
}
