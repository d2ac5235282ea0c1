package io.reckon.orchestration.airflow;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the client does when Airflow answers 503 (Airflow 3 does so for "Database is locked" on SQLite under
 * concurrent access, seen in CI on POST /api/v2/backfills). An HTTP endpoint of the JDK stands in for Airflow's
 * answers here; the client against the real Airflow is AirflowRestClientITCase.
 */
class AirflowClientUnavailableTest {
    private HttpServer server;
    private final AtomicInteger versionCalls = new AtomicInteger();
    private volatile int unavailableAnswers;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/auth/token", x -> answer(x, 201, "{\"access_token\":\"t\"}"));
        server.createContext("/api/v2/version", x -> {
            if (versionCalls.incrementAndGet() <= unavailableAnswers) {
                answer(x, 503, "{\"detail\":\"Database is locked.\"}");
            } else {
                answer(x, 200, "{\"version\":\"3.3.2\"}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange x, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private AirflowClient client() {
        return new AirflowClient(AirflowSettings.withPassword(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "admin", "pw"))
                .unavailablePause(java.time.Duration.ofMillis(5));
    }

    @Test
    void aPassing503IsAskedAgain() {
        unavailableAnswers = 2;
        assertThat(client().version()).isEqualTo("3.3.2");
        assertThat(versionCalls).hasValue(3);
    }

    @Test
    void aLasting503FailsWithAirflowsReason() {
        unavailableAnswers = Integer.MAX_VALUE;
        assertThatThrownBy(() -> client().version()).isInstanceOf(AirflowException.class)
                .hasMessageContaining("503").hasMessageContaining("Database is locked");
        assertThat(versionCalls).hasValue(1 + AirflowClient.UNAVAILABLE_RETRIES);
    }
}
