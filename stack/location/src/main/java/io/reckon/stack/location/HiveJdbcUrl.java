package io.reckon.stack.location;

import java.time.Duration;

/**
 * Bounds every call of a hive-jdbc 4 connection. Its only client-side bound is the URL session variable
 * {@code socketTimeout} (milliseconds, binary transport): it caps the connect and every read, open and OpenSession
 * included. Without it a HiveServer2 that accepts TCP but does not answer (stopped, swapping, hung) holds the caller
 * forever; {@code DriverManager.setLoginTimeout} and {@code Statement.setQueryTimeout} do not help there (the first is
 * ignored by hive-jdbc 4, the second is enforced by the server).
 */
public final class HiveJdbcUrl {
    /**
     * Default read bound. Well above the 5 s for which HiveServer2 holds each operation-status poll open
     * ({@code hive.server2.long.polling.timeout}), and above a cold server's first OpenSession: a legitimate long
     * query is many short polls, so it is not cut short.
     */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);
    static final String SOCKET_TIMEOUT = "socketTimeout";

    private HiveJdbcUrl() {
    }

    /** {@code url} with {@link #DEFAULT_SOCKET_TIMEOUT}, unless it sets a socketTimeout of its own. */
    public static String bounded(String url) {
        return bounded(url, DEFAULT_SOCKET_TIMEOUT);
    }

    /**
     * {@code url} ({@code jdbc:hive2://host:port/db;session vars?hive conf#hive vars}) with {@code socketTimeout} added
     * to its session variables, unless it sets one already (then it is left as given).
     */
    public static String bounded(String url, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a socket timeout must be positive, got " + timeout);
        }
        int end = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String session = url.substring(0, end);
        for (String part : session.split(";")) {
            if (part.trim().startsWith(SOCKET_TIMEOUT + "=")) {
                return url;
            }
        }
        return session + (session.endsWith(";") ? "" : ";") + SOCKET_TIMEOUT + "=" + timeout.toMillis()
                + url.substring(end);
    }
}
