package io.reckon.orchestration.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The HTTP side of {@link AirflowClient}: JSON over the JDK HttpClient on HTTP/1.1, every call bounded (10 s to
 * connect, 60 s to answer), the JWT from {@code POST /auth/token}, paging, and Airflow's errors as one line.
 * Credentials and the token never appear in a message.
 */
final class AirflowHttp {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int PAGE = 100;

    private final AirflowSettings settings;
    private final HttpClient http;
    private volatile String token;

    AirflowHttp(AirflowSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.token = settings.token();
    }

    /** Every item of {@code field} over all pages of a list endpoint. */
    List<JsonNode> paged(String path, String field, Map<String, String> query) {
        List<JsonNode> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("limit", String.valueOf(PAGE));
            q.put("offset", String.valueOf(offset));
            JsonNode page = send("GET", path + queryString(q), null);
            JsonNode items = page.path(field);
            items.forEach(out::add);
            long total = page.path("total_entries").asLong(-1);
            if (items.size() < PAGE || (total >= 0 && out.size() >= total)) {
                return out;
            }
        }
    }

    /** One call: a token first if there is none, renewed once on a 401; a 503 asked again with a growing pause. */
    JsonNode send(String method, String path, JsonNode body) {
        if (token == null) {
            login();
        }
        HttpResponse<String> response = exchange(method, path, body, true);
        if (response.statusCode() == 401 && settings.username() != null) {
            login(); // expired token: renew once
            response = exchange(method, path, body, true);
        }
        // 503: Airflow could not serve it now, e.g. "Database is locked" from a SQLite metadata database under
        // concurrent access. Nothing was done, so it is asked again, a few times with a growing pause.
        for (int retry = 0; response.statusCode() == 503 && retry < UNAVAILABLE_RETRIES; retry++) {
            try {
                Thread.sleep(unavailablePause.toMillis() << retry);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AirflowException("interrupted while calling Airflow", e);
            }
            response = exchange(method, path, body, true);
        }
        return parse(method, path, response);
    }

    /** Retries of a call Airflow answered 503 to; the first pause doubles with each (0.5+1+2+4+8 s in all). */
    static final int UNAVAILABLE_RETRIES = 5;
    private Duration unavailablePause = Duration.ofMillis(500);

    void unavailablePause(Duration first) {
        this.unavailablePause = first;
    }

    private synchronized void login() {
        if (settings.username() == null) {
            throw new AirflowException(401, "no credentials to obtain an Airflow token with");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("username", settings.username());
        body.put("password", settings.password());
        HttpResponse<String> response = exchange("POST", "/auth/token", body, false);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new AirflowException(response.statusCode(), "Airflow at " + settings.url()
                    + " refused the credentials of user '" + settings.username() + "' (" + response.statusCode() + ")");
        }
        String t = Json.text(parse("POST", "/auth/token", response), "access_token");
        if (t == null) {
            throw new AirflowException(response.statusCode(), "Airflow's /auth/token answered without access_token");
        }
        token = t;
    }

    private HttpResponse<String> exchange(String method, String path, JsonNode body, boolean authorized) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (authorized) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AirflowException("cannot reach Airflow at " + settings.url() + " (connection refused)", e);
        } catch (HttpTimeoutException e) {
            throw new AirflowException("Airflow at " + settings.url() + " did not answer " + method + " " + path
                    + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new AirflowException("cannot reach Airflow at " + settings.url() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowException("interrupted while calling Airflow", e);
        }
    }

    private static JsonNode parse(String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        String text = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            if (text.isBlank()) {
                return Json.MAPPER.createObjectNode();
            }
            try {
                return Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AirflowException(status, method + " " + path + ": Airflow answered with non-JSON: "
                        + abbreviate(text));
            }
        }
        throw new AirflowException(status, "Airflow answered " + status + " to " + method + " " + stripQuery(path)
                + ": " + detail(text));
    }

    /** Airflow's {@code detail}: a string, or a list of validation errors, or an object with a message. */
    static String detail(String text) {
        try {
            JsonNode d = Json.MAPPER.readTree(text).path("detail");
            if (d.isTextual()) {
                return d.asText();
            }
            if (d.isArray()) {
                StringJoiner j = new StringJoiner("; ");
                for (JsonNode e : d) {
                    StringJoiner loc = new StringJoiner(".");
                    e.path("loc").forEach(l -> loc.add(l.asText()));
                    j.add(loc + ": " + e.path("msg").asText());
                }
                return j.toString();
            }
            if (d.isObject()) {
                String reason = Json.text(d, "reason");
                String message = Json.text(d, "message");
                return reason != null ? reason : message != null ? message : d.toString();
            }
        } catch (JsonProcessingException ignored) {
            // not JSON: fall through
        }
        return abbreviate(text);
    }

    private static String write(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String queryString(Map<String, String> q) {
        StringJoiner j = new StringJoiner("&", "?", "");
        q.forEach((k, v) -> j.add(enc(k) + "=" + enc(v)));
        return j.toString();
    }

    private static String stripQuery(String path) {
        int i = path.indexOf('?');
        return i < 0 ? path : path.substring(0, i);
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
