package io.reckon.stack.config;

import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.stack.StackException;
import io.reckon.stack.location.StackLocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Effective settings of the local stack: built-in defaults, then an optional properties file, then
 * {@code -Dreckon.stack.<key>} system properties, then {@code RECKON_DATA_DIR} for the data directory.
 */
public final class StackConfig {
    public static final String SYSTEM_PREFIX = "reckon.stack.";
    private static final String LOOPBACK = "127.0.0.1";

    private final Path home;
    private final Properties props;

    private StackConfig(Path home, Properties props) {
        this.home = home;
        this.props = props;
    }

    /** Loads the effective configuration; {@code configFile} may be null. */
    public static StackConfig load(Path home, Path configFile) {
        Properties p = new Properties();
        try (InputStream in = StackConfig.class.getResourceAsStream("/reckon-stack-defaults.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = configFile;
        if (file == null && System.getenv("RECKON_STACK_CONFIG") != null) {
            file = Path.of(System.getenv("RECKON_STACK_CONFIG"));
        }
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new StackException("stack config file not found: " + file);
            }
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new StackException("cannot read stack config " + file + ": " + e.getMessage(), e);
            }
        }
        System.getProperties().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith(SYSTEM_PREFIX)) {
                p.setProperty(key.substring(SYSTEM_PREFIX.length()), v.toString());
            }
        });
        // The one rule of StackLocation: RECKON_DATA_DIR, relative to the repository root.
        String dataDirEnv = System.getenv(StackLocation.DATA_DIR_ENV);
        if (dataDirEnv != null && !dataDirEnv.isBlank()) {
            p.setProperty("data.dir", StackLocation.dataDir(home.toAbsolutePath().normalize(), System.getenv()).toString());
        }
        return new StackConfig(home.toAbsolutePath().normalize(), p);
    }

    /** The repository root: where bin/reckon and the modules' build outputs live. */
    public Path home() {
        return home;
    }

    public String get(String key) {
        String v = props.getProperty(key);
        if (v == null) {
            throw new StackException("missing stack setting: " + key);
        }
        return v.trim();
    }

    public int port(String key) {
        String v = get(key);
        try {
            int port = Integer.parseInt(v);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException("setting " + key + " must be a TCP port (1-65535), got '" + v + "'");
        }
    }

    public int seconds(String key) {
        String v = get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new StackException("setting " + key + " must be a whole number of seconds, got '" + v + "'");
        }
    }

    public String host() {
        return LOOPBACK;
    }

    public Path dataDir() {
        return home.resolve(get("data.dir")).toAbsolutePath().normalize();
    }

    public Path componentDir(String component) {
        return dataDir().resolve(component);
    }

    public Path logFile(String component) {
        return dataDir().resolve("logs").resolve(component + ".log");
    }

    public Path pidFile(String component) {
        return dataDir().resolve("run").resolve(component + ".pid");
    }

    /** The file that clients (tests, jobs, bin/reckon) read to find the running stack. */
    public Path endpointsFile() {
        return dataDir().resolve("stack.properties");
    }

    // --- endpoints -------------------------------------------------------------------------------

    public String kafkaBootstrap() {
        return host() + ":" + port("kafka.port");
    }

    public String zookeeperAddress() {
        return host() + ":" + port("zookeeper.port");
    }

    public String pinotControllerUrl() {
        return "http://" + host() + ":" + port("pinot.controller.port");
    }

    public String pinotBrokerUrl() {
        return "http://" + host() + ":" + port("pinot.broker.port");
    }

    public String pinotServerAdminUrl() {
        return "http://" + host() + ":" + port("pinot.server.admin.port");
    }

    public String hiveDatabase() {
        return get("hive.database");
    }

    public String hiveJdbcUrl() {
        return "jdbc:hive2://" + host() + ":" + port("hiveserver2.port") + "/default";
    }

    public String metastoreJdbcUrl() {
        return "jdbc:derby://" + host() + ":" + port("derby.port") + "/metastore;create=true";
    }

    /** Spark settings for jobs on the local stack, in spark-defaults.conf format. */
    public Path sparkDefaultsFile() {
        return dataDir().resolve("spark-defaults.conf");
    }

    public Path warehouseDir() {
        return dataDir().resolve("warehouse");
    }

    /** The warehouse as a URI without a trailing slash, e.g. file:/path/warehouse (hdfs://... on a cluster). */
    public String warehouseUri() {
        return "file:" + warehouseDir();
    }

    /**
     * Spark settings that point any Spark JVM at the shared metastore and warehouse. Jobs on a real cluster
     * get the same keys from their own configuration (hive.metastore.uris and a real warehouse instead).
     */
    public Map<String, String> sparkHiveSettings() {
        Map<String, String> m = new TreeMap<>();
        m.put("spark.sql.catalogImplementation", "hive");
        m.put("spark.sql.warehouse.dir", warehouseUri());
        m.put("spark.sql.session.timeZone", "UTC");
        m.put("spark.ui.enabled", "false");
        m.put("spark.hadoop.javax.jdo.option.ConnectionURL", metastoreJdbcUrl());
        m.put("spark.hadoop.javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.ClientDriver");
        m.put("spark.hadoop.datanucleus.schema.autoCreateAll", "true");
        m.put("spark.hadoop.hive.metastore.schema.verification", "false");
        m.put("spark.hadoop.hive.metastore.warehouse.dir", warehouseUri());
        return m;
    }

    /** The names of the stack's own pipeline: the defaults, in the database this stack is configured with. */
    public PipelineNames names() {
        return PipelineNames.DEFAULT.withHiveDatabase(hiveDatabase());
    }

    /** Everything a client needs to reach the stack and its pipeline, as written to {@link #endpointsFile()}. */
    public Map<String, String> endpoints() {
        Map<String, String> m = new TreeMap<>();
        m.put("data.dir", dataDir().toString());
        m.put("kafka.bootstrap", kafkaBootstrap());
        m.put("pinot.controller.url", pinotControllerUrl());
        m.put("pinot.broker.url", pinotBrokerUrl());
        m.put("pinot.zookeeper", zookeeperAddress());
        m.put("pinot.cluster", get("pinot.cluster"));
        m.put("hive.jdbc.url", hiveJdbcUrl());
        m.put("hive.metastore.jdbc.url", metastoreJdbcUrl());
        m.put("warehouse.dir", warehouseDir().toString());
        m.put("spark.defaults.file", sparkDefaultsFile().toString());
        m.putAll(names().properties());  // hive.database among them
        return m;
    }
}
