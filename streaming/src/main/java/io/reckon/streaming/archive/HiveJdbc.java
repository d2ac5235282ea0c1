package io.reckon.streaming.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * hive-jdbc in its own class loader. The standalone jar bundles unshaded Hadoop (and other) classes that clash with
 * the job's, so it is never on the job's class path: it is loaded from its jar by a {@link URLClassLoader} whose
 * parent is the platform class loader (java.sql comes from there), and the driver is used through {@code java.sql}
 * interfaces only.
 */
public final class HiveJdbc {
    private static final Logger LOG = LoggerFactory.getLogger(HiveJdbc.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** One loader per jar and JVM: restarts of the job reuse it instead of leaking a loader each time. */
    private static final Map<String, Driver> DRIVERS = new ConcurrentHashMap<>();

    private HiveJdbc() {
    }

    /** The standalone jar: the given path, else {@code target/isolated/} of this module, else the local Maven repo. */
    public static String locateJar(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String name = "hive-jdbc-" + HIVE_JDBC_VERSION + "-standalone.jar";
        List<Path> candidates = new ArrayList<>();
        String home = System.getProperty("reckon.home");
        if (home != null) {
            candidates.add(Path.of(home, "streaming", "target", "isolated", name));
        }
        candidates.add(Path.of("streaming", "target", "isolated", name));
        candidates.add(Path.of("target", "isolated", name));
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "apache", "hive",
                "hive-jdbc", HIVE_JDBC_VERSION, name));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException("hive-jdbc standalone jar not found (looked at " + candidates
                + "); build the module (mvn -pl streaming -am package) or pass --hive-jdbc-jar");
    }

    public static final String HIVE_JDBC_VERSION = "4.0.1";

    static Driver driver(String jar) {
        return DRIVERS.computeIfAbsent(jar, j -> {
            try {
                URLClassLoader loader = new URLClassLoader("hive-jdbc-isolated", new URL[] {Path.of(j).toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                return (Driver) Class.forName("org.apache.hive.jdbc.HiveDriver", true, loader)
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | java.net.MalformedURLException e) {
                throw new IllegalStateException("cannot load hive-jdbc from " + j, e);
            }
        });
    }

    /** A connection; the thread context class loader is the driver's while connecting. */
    public static Connection connect(String jar, String url) throws SQLException {
        Driver driver = driver(jar);
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(driver.getClass().getClassLoader());
        try {
            // Bounded: a HiveServer2 that stops answering fails the call after the socket timeout.
            Connection c = driver.connect(io.reckon.stack.location.HiveJdbcUrl.bounded(url), new Properties());
            if (c == null) {
                throw new SQLException("hive-jdbc does not accept " + url);
            }
            return c;
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** Checks a plain Hive identifier (database or table name), so that it needs no quoting. */
    public static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a plain Hive identifier");
        }
        return name;
    }

    /** The table's location as the metastore has it ({@code DESCRIBE FORMATTED}), or null. */
    public static String tableLocation(String jar, String url, String database, String table) throws SQLException {
        try (Connection c = connect(jar, url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE FORMATTED " + identifier(database) + "." + identifier(table))) {
            while (rs.next()) {
                String name = rs.getString(1);
                String label = name == null ? "" : name.trim();
                if (label.equalsIgnoreCase("Location") || label.equalsIgnoreCase("Location:")) {
                    return rs.getString(2).trim();
                }
            }
        }
        return null;
    }

    /** Registers partitions with {@code ALTER TABLE ... ADD IF NOT EXISTS PARTITION ... LOCATION} over HiveServer2. */
    public static final class Catalog implements ArchiveCatalog {
        private final String jar;
        private final String url;
        private final String table;
        private final String location;
        private Connection connection;

        Catalog(String jar, String url, String database, String table, String location) {
            this.jar = jar;
            this.url = url;
            this.table = identifier(database) + "." + identifier(table);
            this.location = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        }

        @Override
        public void registerPartitions(Collection<Long> hourStarts) throws SQLException {
            if (hourStarts.isEmpty()) {
                return;
            }
            StringBuilder sql = new StringBuilder("ALTER TABLE ").append(table).append(" ADD IF NOT EXISTS");
            for (long hour : hourStarts) {
                String path = ArchiveRows.partitionPath(hour);
                String dt = path.substring(3, path.indexOf('/'));
                String hr = path.substring(path.lastIndexOf('=') + 1);
                sql.append(" PARTITION (dt='").append(dt).append("', hr='").append(hr).append("') LOCATION '")
                        .append(location).append('/').append(path).append('\'');
            }
            try {
                if (connection == null || connection.isClosed()) {
                    connection = connect(jar, url);
                }
                try (Statement s = connection.createStatement()) {
                    s.execute(sql.toString());
                }
            } catch (SQLException e) {
                close();
                throw e;
            }
            LOG.info("registered {} partition(s) of {}", hourStarts.size(), table);
        }

        @Override
        public void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // dropping it anyway
                }
                connection = null;
            }
        }
    }

    /** The production catalog factory. */
    public static ArchiveCatalog.Factory catalog(String jar, String url, String database, String table,
                                                 String location) {
        identifier(database);
        identifier(table);
        return () -> new Catalog(jar, url, database, table, location);
    }
}
