package io.reckon.batch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Sends {@code REFRESH TABLE} to a HiveServer2 (the Spark Thrift server): it caches file listings, and without a
 * refresh it would keep serving the files of a partition this job has just replaced. Uses the hive-jdbc driver a
 * Spark distribution ships (jars/hive-jdbc-2.3.9.jar), which lives happily on Spark's classpath.
 */
public final class HiveServer2Refresh {
    private HiveServer2Refresh() {
    }

    public static void refresh(String jdbcUrl, List<String> tables) throws SQLException {
        try (Connection c = connect(jdbcUrl); Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("REFRESH TABLE " + table);
            }
        }
    }

    /** A connection to the HiveServer2 with the hive-jdbc driver on Spark's classpath, as the OS user. */
    static Connection connect(String jdbcUrl) throws SQLException {
        try {
            Class.forName("org.apache.hive.jdbc.HiveDriver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("the hive-jdbc driver (org.apache.hive.jdbc.HiveDriver) is not on the classpath", e);
        }
        // Bounded: the hive-jdbc 2.3 on Spark's classpath ignores the URL's socketTimeout and takes its connect
        // and read bound from the JVM-wide login timeout (seconds) instead; the batch JVM has no other JDBC client.
        if (DriverManager.getLoginTimeout() == 0) {
            DriverManager.setLoginTimeout((int) io.reckon.stack.location.HiveJdbcUrl.DEFAULT_SOCKET_TIMEOUT.toSeconds());
        }
        return DriverManager.getConnection(jdbcUrl, System.getProperty("user.name", "reckon"), "");
    }
}
