package io.reckon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.dashboard.access.ApiKeys;
import io.reckon.dashboard.finality.FinalityCache;
import io.reckon.dashboard.finality.HiveFinality;
import io.reckon.dashboard.http.DashboardApi;
import io.reckon.dashboard.http.DashboardServer;
import io.reckon.dashboard.numbers.PinotNumbers;
import io.reckon.demo.DayNumbers;
import io.reckon.platform.pinot.PinotBroker;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.schemas.version.Versions;
import io.reckon.stack.testkit.AggregatesProducer;
import io.reckon.stack.testkit.StackEndpoints;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's API on the demo's day, watched as it turns from PROVISIONAL (the speed layer's numbers) to FINAL
 * (the ground truth and the billing export), and stays FINAL when a late event's row arrives.
 */
final class DashboardCheck {
    private static final String KEY = "e2e-admin-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardCheck() {
    }

    /**
     * The day before batch and reconciliation: PROVISIONAL, as fresh as the newest window Pinot holds, and every
     * advertiser's totals what the speed layer wrote, however far that is from the truth.
     */
    static void assertProvisional(StackEndpoints pipeline, LocalDate day, DayNumbers live) throws Exception {
        try (Dashboard dashboard = Dashboard.open(pipeline)) {
            JsonNode day0 = dashboard.get("/api/v1/days?day=" + day).path("days").get(0);
            assertThat(day0.path("status").asText()).as("%s before reconciliation: %s", day, day0).isEqualTo("PROVISIONAL");
            long newest = live.rows().keySet().stream().mapToLong(k -> k.windowStart()).max().orElseThrow();
            assertThat(day0.path("newest_window_start").asText()).isEqualTo(Instant.ofEpochMilli(newest).toString());
            assertThat(Instant.parse(day0.path("updated_at").asText())).isAfterOrEqualTo(Instant.ofEpochMilli(newest));
            assertThat(day0.has("drift")).as("no drift before reconciliation").isFalse();
            Map<String, Map<String, long[]>> expected = new TreeMap<>();
            live.rows().forEach((k, v) -> add(expected, k.advertiserId(), k.currency(), v));
            for (var adv : expected.entrySet()) {
                JsonNode t = dashboard.get("/api/v1/totals?advertiser=" + adv.getKey() + "&day=" + day);
                assertThat(t.path("days").get(0).path("status").asText()).isEqualTo("PROVISIONAL");
                assertThat(currencies(t)).as("live totals of %s", adv.getKey()).usingRecursiveComparison()
                        .isEqualTo(adv.getValue());
            }
        }
    }

    /**
     * The same day after reconciliation: FINAL with the drift it corrected, every advertiser's totals per currency
     * the generator's ground truth, and its campaigns the billing export line by line.
     */
    static void assertEqualsTruth(StackEndpoints pipeline, LocalDate day, DayNumbers truth, List<String> exportLines)
            throws Exception {
        try (Dashboard dashboard = Dashboard.open(pipeline)) {
            // advertiser -> currency -> {impressions, clicks, spend}, from the truth and from the export
            Map<String, Map<String, long[]>> expected = new TreeMap<>();
            truth.rows().forEach((k, v) -> add(expected, k.advertiserId(), k.currency(), v));
            Map<String, Map<String, long[]>> campaigns = campaigns(exportLines);
            // The day's status for an admin: FINAL, with the drift reconciliation corrected (the demo's traffic
            // makes the speed layer drift, so some keys differed).
            JsonNode day0 = dashboard.get("/api/v1/days?day=" + day).path("days").get(0);
            assertThat(day0.path("status").asText()).isEqualTo("FINAL");
            long differing = 0;
            for (JsonNode d : day0.path("drift")) {
                differing += d.path("differing_keys").asLong();
            }
            assertThat(differing).as("drift reported for %s: %s", day, day0).isPositive();
            for (var adv : expected.entrySet()) {
                JsonNode t = dashboard.get("/api/v1/totals?advertiser=" + adv.getKey() + "&day=" + day);
                assertThat(t.path("days").get(0).path("status").asText()).isEqualTo("FINAL");
                t.path("currencies").forEach(c ->
                        assertThat(c.has("since_final")).as("nothing arrived after FINAL").isFalse());
                assertThat(currencies(t)).as("totals of %s", adv.getKey()).usingRecursiveComparison()
                        .isEqualTo(adv.getValue());

                assertTopIsTheExport(dashboard, day, adv.getKey(), campaigns);
            }
        }
    }

    /**
     * A late event's speed row reaches the FINAL day (a key reconciliation never saw, as the speed layer writes it):
     * the day stays FINAL, the advertiser's totals and campaigns are still the billing export, and the row is shown
     * apart as {@code since_final}.
     */
    static void assertFinalAfterALateRow(StackEndpoints pipeline, LocalDate day, List<String> exportLines)
            throws Exception {
        PipelineNames names = PipelineNames.from(pipeline.properties());
        String[] first = exportLines.get(0).split(",");
        String adv = first[1];
        String currency = first[3];
        long now = System.currentTimeMillis();
        long lastMinute = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 60_000L;
        AggregateRow late = new AggregateRow(new GrainKey(adv, first[2], "ad-late-e2e", currency, lastMinute),
                2, 1, 1_234_567, Versions.speed(now), Source.SPEED, now);
        AggregatesProducer.publish(pipeline.kafkaBootstrap(), "e2e-late-" + day, names.aggregatesTopic(),
                List.of(late));
        Map<String, Map<String, long[]>> campaigns = campaigns(exportLines);
        Map<String, Map<String, long[]>> exported = new TreeMap<>();
        campaigns.forEach((k, byCurrency) -> {
            if (k.startsWith(adv + "/")) {
                byCurrency.forEach((c, v) -> add(exported, adv, c, v));
            }
        });
        try (Dashboard dashboard = Dashboard.open(pipeline)) {
            String totals = "/api/v1/totals?advertiser=" + adv + "&day=" + day;
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> dashboard.get(totals).path("currencies").path(currency).has("since_final"));
            JsonNode t = dashboard.get(totals);
            assertThat(t.path("days").get(0).path("status").asText()).as("a late speed row does not reopen the day")
                    .isEqualTo("FINAL");
            assertThat(amounts(t.path("currencies").path(currency).path("since_final")))
                    .containsExactly(2, 1, 1_234_567);
            assertThat(currencies(t)).as("the FINAL totals of %s after a late row", adv).usingRecursiveComparison()
                    .isEqualTo(exported.get(adv));
            assertTopIsTheExport(dashboard, day, adv, campaigns);
        }
    }

    /** The advertiser's campaigns on the dashboard's top-N, against the billing export. */
    private static void assertTopIsTheExport(Dashboard dashboard, LocalDate day, String adv,
                                             Map<String, Map<String, long[]>> campaigns) throws Exception {
        JsonNode top = dashboard.get("/api/v1/top?advertiser=" + adv + "&day=" + day + "&n=100");
        Map<String, Map<String, long[]>> ranked = new TreeMap<>();
        top.path("currencies").fields().forEachRemaining(e -> e.getValue().forEach(r ->
                add(ranked, r.path("advertiser").asText() + "/" + r.path("campaign").asText(), e.getKey(),
                        amounts(r))));
        Map<String, Map<String, long[]>> exportedOfAdv = new TreeMap<>(campaigns);
        exportedOfAdv.keySet().removeIf(k -> !k.startsWith(adv + "/"));
        assertThat(ranked).as("campaigns of %s against the billing export", adv)
                .usingRecursiveComparison().isEqualTo(exportedOfAdv);
    }

    /** The export's lines (without the header) as "advertiser/campaign" -> currency -> amounts. */
    private static Map<String, Map<String, long[]>> campaigns(List<String> exportLines) {
        Map<String, Map<String, long[]>> campaigns = new TreeMap<>();
        for (String line : exportLines) {
            String[] f = line.split(",");
            add(campaigns, f[1] + "/" + f[2], f[3], new long[] {Long.parseLong(f[4]), Long.parseLong(f[5]),
                    Long.parseLong(f[6])});
        }
        return campaigns;
    }

    /** The dashboard's API on the pipeline, started in this JVM with an admin key, its finality read once. */
    private record Dashboard(FinalityCache finality, DashboardServer server, HttpClient http) implements AutoCloseable {
        static Dashboard open(StackEndpoints pipeline) {
            PipelineNames names = PipelineNames.from(pipeline.properties());
            FinalityCache finality = FinalityCache.refreshedEvery(new HiveFinality(pipeline.hiveJdbcUrl(),
                    names.hiveDatabase()), Duration.ofMinutes(5));
            try {
                await().atMost(Duration.ofMinutes(1)).until(() -> finality.state().isPresent());
                DashboardServer server = DashboardServer.start(new DashboardApi(new PinotNumbers(
                        new PinotBroker(pipeline.pinotBrokerHostPort()), names.pinotTable()), finality),
                        ApiKeys.parse("e2e " + KEY + " admin"), "127.0.0.1", 0);
                return new Dashboard(finality, server,
                        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
            } catch (RuntimeException | Error e) {
                finality.close();
                throw e;
            }
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                            + path)).header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                finality.close();
            }
        }
    }

    /** currency -> {impressions, clicks, spend} of a totals answer. */
    private static Map<String, long[]> currencies(JsonNode totals) {
        Map<String, long[]> shown = new TreeMap<>();
        totals.path("currencies").fields().forEachRemaining(e -> shown.put(e.getKey(), amounts(e.getValue())));
        return shown;
    }

    private static void add(Map<String, Map<String, long[]>> m, String key, String currency, long[] v) {
        long[] sum = m.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(currency, c -> new long[3]);
        for (int i = 0; i < 3; i++) {
            sum[i] = Math.addExact(sum[i], v[i]);
        }
    }

    private static long[] amounts(JsonNode a) {
        return new long[] {exact(a.path("impressions")), exact(a.path("clicks")), exact(a.path("spend_micros"))};
    }

    /** A JSON integer that fits a long; anything else (a double, above all) fails the check. */
    private static long exact(JsonNode n) {
        assertThat(n.isIntegralNumber() && n.canConvertToLong()).as("an exact integer: %s", n).isTrue();
        return n.longValue();
    }
}
