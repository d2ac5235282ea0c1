package io.reckon.stack;

import io.reckon.platform.pinot.PinotBroker;
import io.reckon.platform.pinot.PinotResult;
import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.stack.component.SparkSqlCli;
import io.reckon.stack.config.StackConfig;
import io.reckon.stack.provision.Definitions;
import io.reckon.stack.provision.HiveSql;
import io.reckon.stack.provision.KafkaTopics;
import io.reckon.stack.provision.PinotAdmin;
import io.reckon.stack.provision.Provisioner;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Proves each part of the local stack for real, each test on its own topic or table. */
@ExtendWith(LocalStackExtension.class)
class StackSmokeITCase {

    /** The settings of the stack under test, for the spark-sql JVM this test starts on it. */
    private static StackConfig config(StackEndpoints stack) {
        StackConfig config = StackConfig.load(stack.home(), stack.configFile().orElse(null));
        assertThat(config.metastoreJdbcUrl()).as("the metastore of the stack under test")
                .isEqualTo(stack.get("hive.metastore.jdbc.url"));
        return config;
    }

    @Test
    void transactionalProduceIsReadBackWithReadCommitted(StackEndpoints stack) {
        String topic = StackEndpoints.uniqueName("smoke_tx");
        try (KafkaTopics topics = new KafkaTopics(stack.kafkaBootstrap())) {
            assertThat(topics.ensure(topic, 2, Map.of()).created()).isTrue();
            assertThat(topics.ensure(topic, 2, Map.of())).as("second ensure is a no-op")
                    .isEqualTo(new KafkaTopics.Ensured(false, List.of()));
        }
        try (KafkaProducer<String, String> producer = transactionalProducer(stack, topic)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k1", "committed-1"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k2", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k3", "committed-2"));
            producer.commitTransaction();
        }

        assertThat(readAll(stack, topic, "read_committed", 2)).containsExactlyInAnyOrder("committed-1", "committed-2");
        // The aborted record did reach the log: only the isolation level hides it.
        assertThat(readAll(stack, topic, "read_uncommitted", 3)).contains("aborted");
    }

    @Test
    void aPipelineInstanceHasTopicsTableAndDatabaseOfItsOwnAndADataDirectoryNamingThem(StackEndpoints stack)
            throws Exception {
        StackEndpoints pipeline = stack.newPipeline("smoke_pipe");
        PipelineNames names = PipelineNames.from(pipeline.properties());
        assertThat(names).isEqualTo(PipelineNames.forNamespace(pipeline.namespace()));
        assertThat(pipeline.dataDir()).isEqualTo(stack.dataDir().resolve("instances").resolve(pipeline.namespace()));
        assertThat(pipeline.stackDataDir()).isEqualTo(stack.dataDir());
        assertThat(pipeline.kafkaBootstrap()).isEqualTo(stack.kafkaBootstrap());
        try (KafkaTopics topics = new KafkaTopics(stack.kafkaBootstrap())) {
            assertThat(topics.describe(names.eventsTopic()).partitions()).hasSize(4);
            assertThat(topics.describe(names.deadLetterTopic()).partitions()).hasSize(1);
            assertThat(topics.describe(names.aggregatesTopic()).partitions()).hasSize(4);
        }
        // The contract's table, reading the pipeline's own aggregates topic.
        PinotAdmin pinot = new PinotAdmin(stack.pinotControllerUrl());
        String tableJson = Definitions.resolve(Definitions.list("reckon/pinot").get("ad_stats_minute.table.json"),
                Map.of("kafka.bootstrap", stack.kafkaBootstrap(), "pinot.table", names.pinotTable(),
                        "kafka.topic", names.aggregatesTopic()), "ad_stats_minute.table.json");
        assertThat(pinot.putTable(tableJson)).as("the instance's table exists already").isFalse();
        List<String> tables = new ArrayList<>();
        try (java.sql.Connection conn = DriverManager.getConnection(stack.hiveJdbcUrl(), "reckon", "");
             java.sql.Statement st = conn.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SHOW TABLES IN " + names.hiveDatabase())) {
            while (rs.next()) {
                tables.add(rs.getString("tableName"));
            }
        }
        assertThat(tables).contains("raw_ad_events", "ad_stats_minute_exact", "batch_runs", "final_days");
        // Idempotent: provisioning the same namespace again succeeds and names the same pipeline.
        StackEndpoints again = stack.pipeline(pipeline.namespace());
        assertThat(PipelineNames.from(again.properties())).isEqualTo(names);
        assertThat(again.dataDir()).isEqualTo(pipeline.dataDir());
    }

    @Test
    void provisioningAddsTheColumnsAddedSinceToATableOfThePreviousMainAndKeepsItsRows(StackEndpoints stack)
            throws Exception {
        String ns = StackEndpoints.uniqueName("smoke_upgrade");
        String previous = new String(StackSmokeITCase.class.getResourceAsStream("/previous-main/05_batch_runs.sql")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("reckon.batch_runs", ns + ".batch_runs");
        try (java.sql.Connection conn = DriverManager.getConnection(stack.hiveJdbcUrl(), "reckon", "");
             java.sql.Statement st = conn.createStatement()) {
            st.execute("CREATE DATABASE " + ns + " LOCATION 'file:" + stack.get("warehouse.dir") + "/" + ns + ".db'");
            for (String sql : HiveSql.statements(previous)) {
                st.execute(sql);
            }
            st.execute("INSERT INTO " + ns + ".batch_runs SELECT 'old-run', '2025-01-01', 'SUCCEEDED', false,"
                    + " CAST(1 AS BIGINT), CAST(2 AS BIGINT), CAST(1 AS BIGINT), CAST(5 AS BIGINT), CAST(5 AS BIGINT),"
                    + " CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(3 AS BIGINT), CAST(5 AS BIGINT), CAST(0 AS BIGINT),"
                    + " CAST(map() AS MAP<STRING, BIGINT>), CAST(map(0, 4) AS MAP<INT, BIGINT>), 'before the upgrade'");
        }

        // The dead-letter topic as the previous main defined it: without its own max.message.bytes.
        String dlq = PipelineNames.forNamespace(ns).deadLetterTopic();
        try (KafkaTopics topics = new KafkaTopics(stack.kafkaBootstrap())) {
            topics.ensure(dlq, 1, Map.of("cleanup.policy", "delete", "retention.ms", "-1",
                    "message.timestamp.type", "CreateTime"));
            assertThat(topics.config(dlq, "max.message.bytes")).isEqualTo("1048588");
        }

        // What a stack up after the upgrade runs for a pipeline whose tables an older main made.
        String out = provision(stack, ns);
        assertThat(out).contains("evolved: ALTER TABLE " + ns + ".batch_runs ADD COLUMNS (repeated_positions BIGINT");
        assertThat(out).contains("evolved: " + dlq + " max.message.bytes 1048588 -> "
                + io.reckon.schemas.definitions.Topics.AD_EVENTS_DLQ_MAX_MESSAGE_BYTES);
        try (KafkaTopics topics = new KafkaTopics(stack.kafkaBootstrap())) {
            assertThat(topics.config(dlq, "max.message.bytes"))
                    .isEqualTo(Integer.toString(io.reckon.schemas.definitions.Topics.AD_EVENTS_DLQ_MAX_MESSAGE_BYTES));
        }

        try (java.sql.Connection conn = DriverManager.getConnection(stack.hiveJdbcUrl(), "reckon", "");
             java.sql.Statement st = conn.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (java.sql.ResultSet rs = st.executeQuery("DESCRIBE " + ns + ".batch_runs")) {
                while (rs.next() && !rs.getString(1).isBlank() && !rs.getString(1).startsWith("#")) {
                    columns.add(rs.getString(1));
                }
            }
            assertThat(columns).endsWith("message", "repeated_positions");
            // The new layout is written by position, as the batch layer does; the old row reads with a null.
            st.execute("INSERT INTO " + ns + ".batch_runs SELECT 'new-run', '2025-01-02', 'SUCCEEDED', false,"
                    + " CAST(1 AS BIGINT), CAST(2 AS BIGINT), CAST(1 AS BIGINT), CAST(5 AS BIGINT), CAST(5 AS BIGINT),"
                    + " CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(3 AS BIGINT), CAST(5 AS BIGINT), CAST(0 AS BIGINT),"
                    + " CAST(map() AS MAP<STRING, BIGINT>), CAST(map(0, 4) AS MAP<INT, BIGINT>), 'after', CAST(2 AS BIGINT)");
            st.execute("REFRESH TABLE " + ns + ".batch_runs");
            List<String> rows = new ArrayList<>();
            try (java.sql.ResultSet rs = st.executeQuery("SELECT run_id, output_rows, repeated_positions FROM " + ns
                    + ".batch_runs ORDER BY run_id")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getObject(3));
                }
            }
            assertThat(rows).containsExactly("new-run 3 2", "old-run 3 null");
        }
        // Provisioning again changes nothing.
        assertThat(provision(stack, ns)).contains("database " + ns).doesNotContain("evolved");
    }

    /** Provisions the pipeline {@code namespace} as {@code stack up} provisions the stack's own; returns its output. */
    private static String provision(StackEndpoints stack, String namespace) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        new Provisioner(Provisioner.Targets.of(stack.properties()),
                new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8))
                .apply(PipelineNames.forNamespace(namespace));
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void rowIngestedIntoPinotRealtimeTableIsQueryable(StackEndpoints stack) {
        String table = StackEndpoints.uniqueName("smoke_pinot");
        String topic = table + "_topic";
        try (KafkaTopics topics = new KafkaTopics(stack.kafkaBootstrap())) {
            topics.ensure(topic, 1, Map.of());
        }
        Map<String, String> values = Map.of("table", table, "topic", topic, "kafka.bootstrap", stack.kafkaBootstrap());
        Map<String, String> defs = Definitions.list("smoke");
        PinotAdmin pinot = new PinotAdmin(stack.pinotControllerUrl());
        pinot.putSchema(Definitions.resolve(defs.get("smoke.schema.json"), values, "smoke.schema.json"));
        String tableJson = Definitions.resolve(defs.get("smoke.table.json"), values, "smoke.table.json");
        assertThat(pinot.putTable(tableJson)).isTrue();
        assertThat(pinot.putTable(tableJson)).as("provisioning a table twice updates it").isFalse();
        try {
            long ts = System.currentTimeMillis();
            try (KafkaProducer<String, String> producer = transactionalProducer(stack, topic)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "a",
                        "{\"id\":\"a\",\"amount_micros\":1234567,\"ts\":" + ts + "}"));
                producer.commitTransaction();
            }

            PinotBroker broker = new PinotBroker(stack.pinotBrokerHostPort());
            String sql = "SELECT id, amount_micros, ts FROM " + table + " LIMIT 10";
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> broker.query(sql).rowCount() == 1);
            PinotResult rs = broker.query(sql);
            assertThat(rs.string(0, 0)).isEqualTo("a");
            assertThat(rs.exactLong(0, 1)).isEqualTo(1_234_567L);
            assertThat(rs.exactLong(0, 2)).isEqualTo(ts);
        } finally {
            pinot.deleteTable(table);
            pinot.deleteSchema(table);
        }
    }

    @Test
    void hiveTableWrittenBySparkIsReadThroughHiveServer2(StackEndpoints stack) throws Exception {
        String table = "default." + StackEndpoints.uniqueName("smoke_hive");
        File log = stack.dataDir().resolve("logs").resolve("smoke-spark-sql.log").toFile();
        // A separate Spark JVM (spark-sql CLI) writes through the shared metastore ...
        int rc = SparkSqlCli.run(config(stack), "CREATE TABLE " + table + " (id STRING, amount_micros BIGINT) USING parquet;"
                + " INSERT INTO " + table + " VALUES ('a', 1500000), ('b', 9007199254740993);", log, Duration.ofMinutes(5));
        assertThat(rc).as("spark-sql exit code; see " + log).isZero();

        // ... and a HiveServer2 client reads exactly what it wrote (2^53 + 1 survives: no floating point anywhere).
        List<String> rows = new ArrayList<>();
        try (java.sql.Connection conn = DriverManager.getConnection(stack.hiveJdbcUrl(), "reckon", "");
             java.sql.Statement st = conn.createStatement()) {
            try (java.sql.ResultSet rs = st.executeQuery("SELECT id, amount_micros FROM " + table + " ORDER BY id")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "=" + rs.getLong(2));
                }
            } finally {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        assertThat(rows).containsExactly("a=1500000", "b=9007199254740993");
    }

    private static KafkaProducer<String, String> transactionalProducer(StackEndpoints stack, String topic) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        p.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "smoke-" + topic);
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(StackEndpoints stack, String topic, String isolation, int expectedAtLeast) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, StackEndpoints.uniqueName("smoke_reader"));
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Read until the end offsets are reached: then nothing more can appear for this isolation level.
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
                if (values.size() >= expectedAtLeast && !consumer.assignment().isEmpty()
                        && consumer.assignment().stream().allMatch(tp ->
                        consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp))) {
                    break;
                }
            }
        }
        return values;
    }
}
