package io.reckon.platform.pinot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Pinot's broker, asked SQL over its HTTP JSON API ({@code POST /query/sql}), the one way every layer reads Pinot.
 * Each query is bounded as a whole (connect, answer and body), and its answer is a {@link PinotResult} only when it
 * is whole: see {@link PinotResult#parse}. Plain {@code java.net.http}: no client library of its own, so it fits on
 * every classpath, and the JSON is read by reckon, which keeps integers exact.
 */
public final class PinotBroker {
    /** Pinot's own client waits 60 s for an answer by default; so does this one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();
    private final URI endpoint;
    private final Duration timeout;

    /** {@code broker} is {@code host:port} or {@code http://host:port}. */
    public PinotBroker(String broker) {
        this(broker, DEFAULT_TIMEOUT);
    }

    public PinotBroker(String broker, Duration timeout) {
        if (broker == null || broker.isBlank()) {
            throw new IllegalArgumentException("no Pinot broker given");
        }
        String base = broker.contains("://") ? broker : "http://" + broker;
        this.endpoint = URI.create(base.replaceAll("/+$", "") + "/query/sql");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a query timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    /** The name itself if it is a plain Pinot table name, so that it can go into a query as it is. */
    public static String table(String name) {
        if (name == null || !TABLE.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a plain Pinot table name");
        }
        return name;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Runs one query; a whole answer, or a {@link PinotQueryException}. */
    public PinotResult query(String sql) {
        String body;
        try {
            body = JSON.writeValueAsString(java.util.Map.of("sql", sql));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        // The request timeout covers the wait for the headers only; the future's covers the body too.
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw noAnswer(sql, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException && !(cause instanceof java.net.http.HttpConnectTimeoutException)) {
                throw noAnswer(sql, cause);
            }
            throw new PinotQueryException("cannot reach Pinot broker " + endpoint.getAuthority() + " ("
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                    + "): " + sql, cause);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new PinotQueryException("interrupted while querying Pinot: " + sql, e);
        }
        return PinotResult.parse(sql, response.statusCode(), response.body());
    }

    private PinotQueryException noAnswer(String sql, Throwable cause) {
        return new PinotQueryException("Pinot broker " + endpoint.getAuthority() + " gave no answer within "
                + timeout.toMillis() + " ms to: " + sql, cause);
    }

    /** The single integer a query such as {@code SELECT COUNT(*)} answers. */
    public long queryLong(String sql) {
        PinotResult result = query(sql);
        if (result.rowCount() != 1 || result.columns().size() != 1) {
            throw new PinotQueryException("Pinot answered " + result.rowCount() + " row(s) of "
                    + result.columns().size() + " column(s), not one number, to: " + sql);
        }
        return result.exactLong(0, 0);
    }
}
