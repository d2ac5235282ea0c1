package io.reckon.schemas.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.AggregateRowJson;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.avro.AdStatsMinuteRecord;
import io.reckon.schemas.avro.DeadLetterRecord;
import io.reckon.schemas.avro.RawAdEventRecord;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The definition files agree with each other and with the code that writes the data they describe. */
class DefinitionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COLUMN = Pattern.compile("^\\s+([a-z_]+) ([A-Z]+(?:<[A-Z, ]+>)?)", Pattern.MULTILINE);

    @Test
    void hiveTableNamesAreTheTablesTheDdlFilesCreate() {
        List<String> created = new ArrayList<>();
        Pattern create = Pattern.compile("CREATE (?:EXTERNAL )?TABLE IF NOT EXISTS \\$\\{hive\\.database}\\.([a-z_]+) ");
        for (String file : ContractResources.HIVE_DDL) {
            Matcher m = create.matcher(ContractResources.read(file));
            while (m.find()) {
                created.add(m.group(1));
            }
        }
        assertThat(created).isEqualTo(HiveTables.ALL);
        assertThat(PipelineNames.DEFAULT.hiveDatabase()).isEqualTo(HiveTables.DATABASE);
    }

    @Test
    void topicsFileMatchesTheConstants() throws IOException {
        JsonNode topics = JSON.readTree(ContractResources.read(ContractResources.KAFKA_TOPICS));

        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (JsonNode topic : topics) {
            assertThat(fieldNames(topic)).containsExactly("name", "partitions", "config");
            partitions.put(topic.get("name").asText(), topic.get("partitions").intValue());
            topic.get("config").fields().forEachRemaining(e -> assertThat(e.getValue().isTextual())
                    .as("config values are strings: " + e.getKey()).isTrue());
            assertThat(topic.get("config").get("retention.ms").asText()).isEqualTo("-1");
            assertThat(topic.get("config").get("message.timestamp.type").asText()).isEqualTo("CreateTime");
        }
        assertThat(partitions).containsExactly(
                Map.entry(Topics.AD_EVENTS, Topics.AD_EVENTS_PARTITIONS),
                Map.entry(Topics.AD_EVENTS_DLQ, Topics.AD_EVENTS_DLQ_PARTITIONS),
                Map.entry(Topics.AD_STATS_MINUTE, Topics.AD_STATS_MINUTE_PARTITIONS));
        assertThat(topics.get(0).get("config").get("max.message.bytes").asText())
                .isEqualTo(Integer.toString(Topics.AD_EVENTS_MAX_MESSAGE_BYTES));
        assertThat(topics.get(1).get("config").get("max.message.bytes").asText())
                .as("the dead-letter topic takes the largest input record plus headers")
                .isEqualTo(Integer.toString(Topics.AD_EVENTS_DLQ_MAX_MESSAGE_BYTES));
    }

    @Test
    void pinotSchemaHasTheAggregateRowColumnsAndTheGrainAsPrimaryKey() throws IOException {
        JsonNode schema = JSON.readTree(ContractResources.read(ContractResources.PINOT_SCHEMA));

        Set<String> columns = new TreeSet<>();
        for (String group : List.of("dimensionFieldSpecs", "metricFieldSpecs", "dateTimeFieldSpecs")) {
            schema.get(group).forEach(spec -> {
                columns.add(spec.get("name").asText());
                if (!spec.get("name").asText().matches(".*_id|currency|source")) {
                    assertThat(spec.get("dataType").asText()).as(spec.toString()).isEqualTo("LONG");
                }
            });
        }
        assertThat(columns).isEqualTo(avroFields(AdStatsMinuteRecord.getClassSchema()).stream()
                .collect(Collectors.toCollection(TreeSet::new)));
        assertThat(columns).isEqualTo(new TreeSet<>(jsonMembersOfAnAggregateRow()));
        assertThat(schema.get("primaryKeyColumns").toString())
                .isEqualTo("[\"advertiser_id\",\"campaign_id\",\"ad_id\",\"currency\",\"window_start\"]");
    }

    @Test
    void pinotTableIsARealtimeUpsertTableIn011Dialect() throws IOException {
        JsonNode table = JSON.readTree(ContractResources.read(ContractResources.PINOT_TABLE));
        JsonNode stream = table.get("tableIndexConfig").get("streamConfigs");

        assertThat(table.get("tableType").asText()).isEqualTo("REALTIME");
        assertThat(table.get("upsertConfig").toString()).isEqualTo("{\"mode\":\"FULL\",\"comparisonColumn\":\"version\"}");
        assertThat(table.get("routing").get("instanceSelectorType").asText()).isEqualTo("strictReplicaGroup");
        assertThat(table.get("segmentsConfig").get("timeColumnName").asText()).isEqualTo("window_start");
        assertThat(stream.get("stream.kafka.consumer.type").asText()).isEqualTo("lowlevel");
        assertThat(stream.get("stream.kafka.isolation.level").asText()).isEqualTo("read_committed");
        assertThat(stream.has("stream.kafka.consumer.prop.isolation.level")).as("ignored by 0.11").isFalse();
        assertThat(stream.get("stream.kafka.decoder.class.name").asText())
                .isEqualTo("org.apache.pinot.plugin.inputformat.json.JSONMessageDecoder");
        assertThat(stream.get("stream.kafka.consumer.factory.class.name").asText())
                .isEqualTo("org.apache.pinot.plugin.stream.kafka20.KafkaConsumerFactory");
    }

    @Test
    void placeholdersAreTheDocumentedOnes() {
        Set<String> pinot = new TreeSet<>(Placeholders.namesIn(ContractResources.read(ContractResources.PINOT_TABLE)));
        pinot.addAll(Placeholders.namesIn(ContractResources.read(ContractResources.PINOT_SCHEMA)));
        Set<String> hive = ContractResources.HIVE_DDL.stream()
                .flatMap(path -> Placeholders.namesIn(ContractResources.read(path)).stream())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(pinot).containsExactly("kafka.bootstrap", "kafka.topic", "pinot.table");
        assertThat(hive).containsExactly("hive.database", "warehouse.dir");
        assertThat(Placeholders.namesIn(ContractResources.read(ContractResources.KAFKA_TOPICS))).isEmpty();
    }

    @Test
    void pinotTableConfigIsValidJsonOnceFilled() throws IOException {
        Map<String, String> values = new HashMap<>(ContractResources.DEFAULT_PLACEHOLDERS);
        values.put("kafka.bootstrap", "127.0.0.1:9092");

        JsonNode table = JSON.readTree(Placeholders.substitute(ContractResources.read(ContractResources.PINOT_TABLE),
                values));

        assertThat(table.get("tableName").asText()).isEqualTo("ad_stats_minute");
        assertThat(table.get("tableIndexConfig").get("streamConfigs").get("stream.kafka.topic.name").asText())
                .isEqualTo("ad-stats-minute");
    }

    @Test
    void everyHiveFileIsOneStatementWithoutTrailingSemicolon() {
        for (String path : ContractResources.HIVE_DDL) {
            String sql = withoutComments(ContractResources.read(path)).strip();
            assertThat(sql).as(path).doesNotContain(";").startsWith("CREATE ");
            assertThat(sql).as(path).containsPattern("\\$\\{hive\\.database}(\\.|\\s)");
        }
    }

    @Test
    void hiveFilesPutEveryTableInTheGivenDatabaseUnderItsWarehouseFolder() {
        for (String path : ContractResources.HIVE_DDL) {
            String sql = withoutComments(ContractResources.hiveStatement(path, "it_db", "file:/w"));
            assertThat(sql).as(path).doesNotContain("reckon.").doesNotContain("reckon.db");
            assertThat(sql).as(path).containsPattern("EXISTS it_db(\\.|\\s)");
            if (sql.contains("LOCATION")) {
                assertThat(sql).as(path).contains("LOCATION 'file:/w/it_db.db");
            }
        }
        // The stack's own pipeline keeps the database and locations it always had (an upgrade changes nothing).
        assertThat(ContractResources.hiveStatement("reckon/hive/01_raw_ad_events.sql",
                PipelineNames.DEFAULT.hiveDatabase(), "file:/w"))
                .contains("EXISTS reckon.raw_ad_events").contains("LOCATION 'file:/w/reckon.db/raw_ad_events'");
    }

    @Test
    void rawArchiveColumnsAreTheAvroRowFields() {
        String sql = ContractResources.read("reckon/hive/01_raw_ad_events.sql");

        assertThat(columns(sql)).isEqualTo(hiveColumns(RawAdEventRecord.getClassSchema()));
        assertThat(sql).contains("PARTITIONED BY (dt STRING, hr STRING)").contains("STORED AS PARQUET");
    }

    @Test
    void deadLetterColumnsAreTheAvroRowFields() {
        String sql = ContractResources.read("reckon/hive/02_ad_events_dead_letter.sql");

        assertThat(columns(sql)).isEqualTo(hiveColumns(DeadLetterRecord.getClassSchema()));
        assertThat(sql).contains("PARTITIONED BY (dt STRING)");
    }

    @Test
    void exactTableHoldsTheGrainAndTheValues() {
        Map<String, String> columns = columns(ContractResources.read("reckon/hive/03_ad_stats_minute_exact.sql"));

        assertThat(columns).containsEntry("advertiser_id", "STRING").containsEntry("campaign_id", "STRING")
                .containsEntry("ad_id", "STRING").containsEntry("currency", "STRING")
                .containsEntry("window_start", "BIGINT").containsEntry("impressions", "BIGINT")
                .containsEntry("clicks", "BIGINT").containsEntry("spend_micros", "BIGINT");
    }

    @Test
    void hiveDdlListNamesEveryShippedFileInOrder() {
        assertThat(ContractResources.HIVE_DDL).isSorted()
                .contains("reckon/hive/06_reconciliation_runs.sql", "reckon/hive/07_final_days.sql");
        for (String path : ContractResources.HIVE_DDL) {
            assertThat(ContractResources.read(path)).as(path).isNotBlank();
        }
    }

    @Test
    void substitutionRefusesMissingValues() {
        assertThatThrownBy(() -> Placeholders.substitute("a ${x} ${y.z}", Map.of("x", "1")))
                .hasMessageContaining("[y.z]");
        assertThat(Placeholders.substitute("a ${x}/${x} $x", Map.of("x", "$1\\"))).isEqualTo("a $1\\/$1\\ $x");
    }

    private static List<String> jsonMembersOfAnAggregateRow() throws IOException {
        AggregateRow row = new AggregateRow(new GrainKey("a", "c", "d", "USD", 0), 0, 0, 0, 1, Source.SPEED, 0);
        return fieldNames(JSON.readTree(AggregateRowJson.encode(row)));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> avroFields(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }

    /** Avro field name -> the Hive type it maps to, in field order. */
    private static Map<String, String> hiveColumns(Schema schema) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Schema.Field field : schema.getFields()) {
            Schema type = field.schema();
            if (type.isUnion()) {
                type = type.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
            }
            columns.put(field.name(), switch (type.getType()) {
                case STRING -> "STRING";
                case BYTES -> "BINARY";
                case INT -> "INT";
                case LONG -> "BIGINT";
                case BOOLEAN -> "BOOLEAN";
                default -> throw new IllegalStateException("no Hive type for " + type);
            });
        }
        return columns;
    }

    private static Map<String, String> columns(String sql) {
        String body = withoutComments(sql);
        body = body.substring(body.indexOf('(') + 1, body.indexOf("\n)"));
        Map<String, String> columns = new LinkedHashMap<>();
        Matcher matcher = COLUMN.matcher(body);
        while (matcher.find()) {
            columns.put(matcher.group(1), matcher.group(2));
        }
        return columns;
    }

    private static String withoutComments(String sql) {
        return sql.lines().filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n"));
    }

}
