package io.reckon.streaming.archive;

import io.reckon.platform.hive.HiveCatalog;
import io.reckon.platform.hive.IsolatedHiveJdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The archive's use of HiveServer2: where the standalone hive-jdbc jar is, and the catalog that registers the
 * archive's partitions. The driver itself is loaded apart from the job's classes by {@link IsolatedHiveJdbc}.
 */
public final class HiveJdbc {
    private static final Logger LOG = LoggerFactory.getLogger(HiveJdbc.class);

    private HiveJdbc() {
    }

    /** The standalone jar: the given path, else {@code target/isolated/} of this module, else the local Maven repo. */
    public static String locateJar(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String name = IsolatedHiveJdbc.jarName();
        List<Path> candidates = new ArrayList<>();
        String home = System.getProperty("reckon.home");
        if (home != null) {
            candidates.add(Path.of(home, "streaming", "target", "isolated", name));
        }
        candidates.add(Path.of("streaming", "target", "isolated", name));
        candidates.add(Path.of("target", "isolated", name));
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "apache", "hive",
                "hive-jdbc", IsolatedHiveJdbc.VERSION, name));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException("hive-jdbc standalone jar not found (looked at " + candidates
                + "); build the module (mvn -pl streaming -am package) or pass --hive-jdbc-jar");
    }

    /** A connection through the isolated driver of {@link IsolatedHiveJdbc}, every call bounded. */
    public static Connection connect(String jar, String url) throws SQLException {
        return IsolatedHiveJdbc.connect(Path.of(jar), url, null);
    }

    /** The table's location as the metastore has it ({@code DESCRIBE FORMATTED}). */
    public static String tableLocation(String jar, String url, String database, String table) throws SQLException {
        try (Connection c = connect(jar, url)) {
            return HiveCatalog.location(c, HiveCatalog.identifier(database) + "." + HiveCatalog.identifier(table));
        }
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
            this.table = HiveCatalog.identifier(database) + "." + HiveCatalog.identifier(table);
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
        HiveCatalog.identifier(database);
        HiveCatalog.identifier(table);
        return () -> new Catalog(jar, url, database, table, location);
    }
}
