package io.reckon.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.platform.pinot.PinotBroker;
import io.reckon.schemas.definitions.ContractResources;
import io.reckon.schemas.definitions.Placeholders;
import io.reckon.stack.provision.PinotAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Small clients of the real stack for the integration tests: topics, a Pinot table, reading a topic to its end. */
public final class StackClients {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StackClients() {
    }

    public static void createTopics(String bootstrap, Map<String, Integer> partitionsByTopic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
            partitionsByTopic.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)
                    .configs(Map.of("retention.ms", "-1", "message.timestamp.type", "CreateTime"))));
            admin.createTopics(topics).all().get();
        }
    }

    /** Topics named {@code actual} but defined as the contract defines {@code contract}: partitions and config. */
    public static void createContractTopics(String bootstrap, Map<String, String> actualByContract) throws Exception {
        JsonNode definitions = JSON.readTree(ContractResources.read(ContractResources.KAFKA_TOPICS));
        List<NewTopic> topics = new ArrayList<>();
        for (JsonNode t : definitions) {
            String actual = actualByContract.get(t.get("name").asText());
            if (actual != null) {
                Map<String, String> config = new java.util.LinkedHashMap<>();
                t.get("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
                topics.add(new NewTopic(actual, t.get("partitions").asInt(), (short) 1).configs(config));
            }
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(topics).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    public static void deleteTopics(String bootstrap, List<String> topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.deleteTopics(topics).all().get();
        } catch (Exception e) {
            // best effort
        }
    }

    /** The contract's ad_stats_minute schema and table, under another name and topic. */
    public static void createPinotTable(String controllerUrl, String table, String topic, String bootstrap) {
        Map<String, String> values = Map.of("pinot.table", table, "kafka.topic", topic, "kafka.bootstrap", bootstrap);
        PinotAdmin pinot = new PinotAdmin(controllerUrl);
        pinot.putSchema(Placeholders.substitute(ContractResources.read(ContractResources.PINOT_SCHEMA), values));
        pinot.putTable(Placeholders.substitute(ContractResources.read(ContractResources.PINOT_TABLE), values));
    }

    public static void dropPinotTable(String controllerUrl, String table) {
        PinotAdmin pinot = new PinotAdmin(controllerUrl);
        pinot.deleteTable(table);
        pinot.deleteSchema(table);
    }

    /** Runs a SQL query on the Pinot broker (the platform's client); returns the rows of the result table. */
    public static List<JsonNode> pinotRows(String brokerUrl, String sql) {
        return new PinotBroker(brokerUrl, Duration.ofSeconds(30)).query(sql).rows();
    }

    /**
     * A test's own database with a copy of the contract's raw_ad_events (01_raw_ad_events.sql) named
     * {@code database.table} at {@code location}, created through HiveServer2 (hive-jdbc in its own class loader, as
     * the job does).
     */
    public static void createArchiveTable(String jdbcUrl, String warehouseDir, String database, String table,
                                          String location) throws Exception {
        String warehouse = java.nio.file.Path.of(warehouseDir).toUri().toString().replaceAll("/$", "");
        String ddl = ContractResources.hiveStatement("reckon/hive/01_raw_ad_events.sql", database, warehouse)
                .replace(database + ".raw_ad_events", database + "." + table)
                .replace(warehouse + "/" + database + ".db/raw_ad_events", location);
        try (java.sql.Connection c = hive(jdbcUrl); java.sql.Statement s = c.createStatement()) {
            s.execute(ContractResources.hiveStatement("reckon/hive/00_database.sql", database, warehouse));
            s.execute(ddl);
        }
    }

    public static void dropTable(String jdbcUrl, String qualifiedTable) {
        try (java.sql.Connection c = hive(jdbcUrl); java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + qualifiedTable);
        } catch (Exception e) {
            // best effort
        }
    }

    /** Drops a test's database and its tables (the archive's are EXTERNAL: their files stay in the test's folder). */
    public static void dropDatabase(String jdbcUrl, String database) {
        try (java.sql.Connection c = hive(jdbcUrl); java.sql.Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " CASCADE");
        } catch (Exception e) {
            // best effort
        }
    }

    /** hive-jdbc, loaded in its own class loader exactly as the job loads it. */
    public static java.sql.Connection hive(String jdbcUrl) throws java.sql.SQLException {
        return io.reckon.streaming.archive.HiveJdbc.connect(io.reckon.streaming.archive.HiveJdbc.locateJar(null),
                jdbcUrl);
    }

    /** Rows of a query through HiveServer2, each as its columns' string values joined by a space. */
    public static List<String> hiveRows(String jdbcUrl, String sql) throws java.sql.SQLException {
        List<String> rows = new ArrayList<>();
        try (java.sql.Connection c = hive(jdbcUrl); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** The table's rows as the Thrift server sees them now (it caches file listings: refresh first). */
    public static List<String> archiveRows(String jdbcUrl, String qualifiedTable, String columns, String where)
            throws java.sql.SQLException {
        try (java.sql.Connection c = hive(jdbcUrl); java.sql.Statement s = c.createStatement()) {
            s.execute("REFRESH TABLE " + qualifiedTable);
        }
        return hiveRows(jdbcUrl, "SELECT " + columns + " FROM " + qualifiedTable + (where == null ? "" : " WHERE "
                + where));
    }
}
