package io.reckon.orchestration.airflow;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where Airflow is and how to authenticate: a user name and password (exchanged for a JWT at {@code /auth/token}),
 * or a ready JWT. Read from a properties file ({@code url}, {@code username}, {@code password}, {@code token}) named
 * by {@code --credentials-file} or {@code RECKON_AIRFLOW_CREDENTIALS_FILE}, else from the environment
 * ({@code RECKON_AIRFLOW_URL}, {@code RECKON_AIRFLOW_USERNAME}, {@code RECKON_AIRFLOW_PASSWORD},
 * {@code RECKON_AIRFLOW_TOKEN}). Secrets never appear in {@link #toString()}, messages or logs.
 */
public final class AirflowSettings {
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    private final URI url;
    private final String username;
    private final String password;
    private final String token;

    public AirflowSettings(URI url, String username, String password, String token) {
        this.url = Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("Airflow URL must be http(s)://host[:port][/path], got " + url);
        }
        this.username = blankToNull(username);
        this.password = blankToNull(password);
        this.token = blankToNull(token);
        if (this.token == null && (this.username == null || this.password == null)) {
            throw new IllegalArgumentException("Airflow credentials missing: set RECKON_AIRFLOW_USERNAME and "
                    + "RECKON_AIRFLOW_PASSWORD (or RECKON_AIRFLOW_TOKEN), or a credentials file with username and "
                    + "password (--credentials-file or RECKON_AIRFLOW_CREDENTIALS_FILE)");
        }
    }

    public static AirflowSettings withPassword(URI url, String username, String password) {
        return new AirflowSettings(url, username, password, null);
    }

    /**
     * Resolves settings: the credentials file if one is given (argument, else {@code RECKON_AIRFLOW_CREDENTIALS_FILE}),
     * else the environment; {@code urlOverride} (if not null) wins over both for the URL.
     */
    public static AirflowSettings resolve(Map<String, String> env, Path credentialsFile, String urlOverride) {
        Path file = credentialsFile;
        if (file == null && blankToNull(env.get("RECKON_AIRFLOW_CREDENTIALS_FILE")) != null) {
            file = Path.of(env.get("RECKON_AIRFLOW_CREDENTIALS_FILE"));
        }
        String url;
        String username;
        String password;
        String token;
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the Airflow credentials file " + file + ": " + e);
            }
            url = p.getProperty("url", env.getOrDefault("RECKON_AIRFLOW_URL", DEFAULT_URL));
            username = p.getProperty("username");
            password = p.getProperty("password");
            token = p.getProperty("token");
        } else {
            url = env.getOrDefault("RECKON_AIRFLOW_URL", DEFAULT_URL);
            username = env.get("RECKON_AIRFLOW_USERNAME");
            password = env.get("RECKON_AIRFLOW_PASSWORD");
            token = env.get("RECKON_AIRFLOW_TOKEN");
        }
        if (blankToNull(urlOverride) != null) {
            url = urlOverride;
        }
        URI uri;
        try {
            uri = URI.create(stripTrailingSlash(url.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        return new AirflowSettings(uri, username, password, token);
    }

    public URI url() {
        return url;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    String token() {
        return token;
    }

    @Override
    public String toString() {
        return "AirflowSettings{url=" + url + ", "
                + (token != null ? "token=***" : "username=" + username + ", password=***") + "}";
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
