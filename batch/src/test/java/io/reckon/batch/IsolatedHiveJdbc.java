package io.reckon.batch;

import java.net.MalformedURLException;
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
import java.util.List;
import java.util.Properties;

/**
 * hive-jdbc 4 standalone, loaded in a class loader of its own (parent: the platform loader, so only java.sql is
 * shared): the jar bundles unshaded Hadoop classes that clash with the Spark classes on this test's classpath.
 */
final class IsolatedHiveJdbc implements AutoCloseable {
    private final URLClassLoader loader;
    private final Driver driver;

    IsolatedHiveJdbc(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing (copied by the build in pre-integration-test)");
        }
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            driver = (Driver) Class.forName("org.apache.hive.jdbc.HiveDriver", true, loader)
                    .getDeclaredConstructor().newInstance();
        } catch (MalformedURLException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load hive-jdbc from " + jar, e);
        }
    }

    static IsolatedHiveJdbc fromBuild() {
        String jar = System.getProperty("reckon.batch.hiveJdbcJar");
        if (jar == null) {
            throw new IllegalStateException("-Dreckon.batch.hiveJdbcJar is not set (run through mvn verify)");
        }
        return new IsolatedHiveJdbc(Path.of(jar));
    }

    /** Every row of a query, each column as the driver's getString. */
    List<List<String>> query(String url, String sql) throws SQLException {
        return withLoader(() -> {
            Properties p = new Properties();
            p.setProperty("user", "batch-itcase");
            try (Connection c = driver.connect(url, p); Statement s = c.createStatement();
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
        });
    }

    void execute(String url, String sql) throws SQLException {
        withLoader(() -> {
            Properties p = new Properties();
            p.setProperty("user", "batch-itcase");
            try (Connection c = driver.connect(url, p); Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private <T> T withLoader(SqlCall<T> call) throws SQLException {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() throws Exception {
        loader.close();
    }
}
