package io.reckon.batch;

import io.reckon.platform.hive.IsolatedHiveJdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * HiveServer2 as its readers see it, through hive-jdbc 4 in its own class loader ({@link IsolatedHiveJdbc}): the
 * standalone jar bundles Hadoop classes that clash with the Spark classes on this test's classpath.
 */
final class HiveServer2Client {
    private final Path jar;

    private HiveServer2Client(Path jar) {
        this.jar = jar;
    }

    static HiveServer2Client fromBuild() {
        String jar = System.getProperty("reckon.batch.hiveJdbcJar");
        if (jar == null) {
            throw new IllegalStateException("-Dreckon.batch.hiveJdbcJar is not set (run through mvn verify)");
        }
        return new HiveServer2Client(Path.of(jar));
    }

    /** Every row of a query, each column as the driver's getString. */
    List<List<String>> query(String url, String sql) throws SQLException {
        try (Connection c = IsolatedHiveJdbc.connect(jar, url, "batch-itcase"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
