package io.reckon.dashboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.dashboard.access.ApiKeys;
import io.reckon.dashboard.finality.FinalityCache;
import io.reckon.dashboard.numbers.Amounts;
import io.reckon.dashboard.numbers.DashboardNumbers;
import io.reckon.dashboard.numbers.MemoryNumbers;
import io.reckon.dashboard.query.Bucket;
import io.reckon.dashboard.query.RowFilter;
import io.reckon.dashboard.query.TimeWindow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP side on a real Javalin server (any free port): keys, status codes, one-line JSON errors, the page. */
class DashboardServerTest {
    private static final String ADMIN = "admin-secret-0123456789";
    private static final String ACME = "acme-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static DashboardServer server;
    private static FinalityCache finality;

    @BeforeAll
    static void start() {
        MemoryNumbers rows = new MemoryNumbers().put(new MemoryNumbers.Row("adv-1", "c-1", "ad-1", "USD",
                Instant.parse("2026-11-29T10:00:00Z"), 1, new Amounts(3, 1, 1_500_000), 1));
        finality = FinalityCache.manual(TreeMap::new);
        finality.refreshNow();
        server = DashboardServer.start(new DashboardApi(rows, finality),
                ApiKeys.parse("ops " + ADMIN + " admin\nacme " + ACME + " adv-1"), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        finality.close();
    }

    private static HttpResponse<String> get(String pathAndQuery, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void withoutAKeyOrWithAWrongOneThe401SaysHowToGiveOne() throws Exception {
        for (String key : new String[] {null, "wrong-wrong-wrong-wrong"}) {
            HttpResponse<String> r = get("/api/v1/me", key);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r).get("error").asText()).contains("Authorization: Bearer");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
    }

    @Test
    void aKeyReadsWhatItMay() throws Exception {
        HttpResponse<String> r = get("/api/v1/totals?advertiser=adv-1&day=2026-11-29", ACME);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode usd = json(r).path("currencies").path("USD");
        assertThat(usd.path("spend_micros").asLong()).isEqualTo(1_500_000);
        assertThat(usd.path("spend").asText()).isEqualTo("1.500000");
        HttpResponse<String> viaHeader = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/me")).header("X-Api-Key", ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(viaHeader).path("admin").asBoolean()).isTrue();
    }

    @Test
    void anotherAdvertiserIs403AndBadInput400EachOneLineOfJson() throws Exception {
        HttpResponse<String> other = get("/api/v1/totals?advertiser=adv-2&day=2026-11-29", ACME);
        HttpResponse<String> none = get("/api/v1/totals?advertiser=adv-does-not-exist&day=2026-11-29", ACME);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(other.body()).as("existing or not, the same answer").isEqualTo(none.body());

        String hostile = URLEncoder.encode("adv-1' OR 1=1 --", StandardCharsets.UTF_8);
        for (String q : new String[] {"/api/v1/totals?advertiser=" + hostile + "&day=2026-11-29",
                "/api/v1/series?advertiser=adv-1&bucket=fortnight&day=2026-11-29",
                "/api/v1/totals?advertiser=adv-1&from=2026-11-30&to=2026-11-29",
                "/api/v1/totals?advertiser=adv-1&day=2026-11-29&day=2026-11-30"}) {
            HttpResponse<String> r = get(q, ADMIN);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(r.body()).as(q).doesNotContain("\n").doesNotContain("OR 1=1");
            assertThat(json(r).get("error").asText()).isNotBlank();
        }
        HttpResponse<String> unknown = get("/api/v1/nothing", ADMIN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).contains("no such API call");
    }

    @Test
    void thePageAndItsChartAreServedFromTheJar() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>reckon", "/app.js", "/webjars/uplot/");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(get("/app.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", null).statusCode()).isEqualTo(200);
    }

    /**
     * Keys never reach the log: the log of a server whose numbers fail (so it writes its 502 lines) while readers come
     * with good, wrong and scoped keys, in either header. slf4j-simple writes to whatever System.err is at the time.
     */
    @Test
    void noKeyIsEverWrittenToTheLog() throws Exception {
        DashboardNumbers failing = new DashboardNumbers() {
            private RuntimeException fail() {
                return new IllegalStateException("Pinot refused SELECT ... FROM ad_stats_minute");
            }

            @Override
            public List<Sums> sums(RowFilter f, TimeWindow w, Bucket b, VersionSplit s) {
                throw fail();
            }

            @Override
            public List<KeyedSums> byKey(RowFilter f, TimeWindow w, Level l, VersionSplit s) {
                throw fail();
            }

            @Override
            public SortedMap<LocalDate, Freshness> freshness(RowFilter f, TimeWindow w) {
                throw fail();
            }

            @Override
            public SortedSet<String> advertisers(TimeWindow w) {
                throw fail();
            }
        };
        String wrong = "typo-of-a-secret-0123456789";
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (DashboardServer failingServer = DashboardServer.start(new DashboardApi(failing, finality),
                ApiKeys.parse("ops " + ADMIN + " admin\nacme " + ACME + " adv-1"), "127.0.0.1", 0)) {
            for (String key : new String[] {ADMIN, ACME, wrong}) {
                for (String header : new String[] {"Authorization", "X-Api-Key"}) {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                    + failingServer.port() + "/api/v1/totals?advertiser=adv-1&day=2026-11-29"))
                            .header(header, header.equals("Authorization") ? "Bearer " + key : key)
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(header + " " + r.body()).isIn(401, 502);
                    assertThat(r.body()).doesNotContain(key);
                }
            }
        } finally {
            System.setErr(err);
        }
        String written = log.toString(StandardCharsets.UTF_8);
        assertThat(written).as("the failures were logged").contains("GET /api/v1/totals: Pinot refused");
        assertThat(written).doesNotContain(ADMIN).doesNotContain(ACME).doesNotContain(wrong)
                .doesNotContain("0123456789");
    }
}
