package io.reckon.platform.hive;

import io.reckon.stack.location.HiveJdbcUrl;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * hive-jdbc's standalone jar in a class loader of its own. The jar bundles unshaded Hadoop (and other) classes that
 * clash with Flink's and Spark's, so it is never on a job's class path: it is loaded from its file by a
 * {@link URLClassLoader} whose parent is the platform class loader (java.sql comes from there), and the driver is used
 * through {@code java.sql} interfaces only.
 */
public final class IsolatedHiveJdbc {
    /** The version of the standalone jar the build copies (streaming's {@code target/isolated/}). */
    public static final String VERSION = "4.0.1";
    /** One loader per jar and JVM: a job restarted inside one JVM reuses it instead of leaking a loader each time. */
    private static final Map<Path, Driver> DRIVERS = new ConcurrentHashMap<>();

    private IsolatedHiveJdbc() {
    }

    /** The file name of the standalone jar, as Maven Central has it. */
    public static String jarName() {
        return "hive-jdbc-" + VERSION + "-standalone.jar";
    }

    /** The driver of this jar, loaded once per JVM. */
    public static Driver driver(Path jar) {
        Path file = jar.toAbsolutePath().normalize();
        return DRIVERS.computeIfAbsent(file, j -> {
            if (!Files.isRegularFile(j)) {
                throw new IllegalStateException("hive-jdbc jar " + j + " does not exist");
            }
            try {
                URLClassLoader loader = new URLClassLoader("hive-jdbc-isolated", new URL[] {j.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                return (Driver) Class.forName("org.apache.hive.jdbc.HiveDriver", true, loader)
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | MalformedURLException e) {
                throw new IllegalStateException("cannot load hive-jdbc from " + j, e);
            }
        });
    }

    /**
     * A connection whose every call is bounded ({@link HiveJdbcUrl#bounded}): a HiveServer2 that stops answering fails
     * the call after the socket timeout. The thread's context class loader is the driver's while connecting (hive-jdbc
     * looks its services up there).
     */
    public static Connection connect(Path jar, String url, String user) throws SQLException {
        Driver driver = driver(jar);
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(driver.getClass().getClassLoader());
        try {
            Connection c = driver.connect(HiveJdbcUrl.bounded(url), properties);
            if (c == null) {
                throw new SQLException("hive-jdbc does not accept " + url);
            }
            return c;
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
