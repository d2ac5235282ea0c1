package io.reckon.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.dashboard.access.ApiKeys;
import io.reckon.dashboard.finality.FinalityCache;
import io.reckon.dashboard.finality.HiveFinality;
import io.reckon.dashboard.http.DashboardApi;
import io.reckon.dashboard.http.DashboardServer;
import io.reckon.dashboard.numbers.DashboardNumbers;
import io.reckon.dashboard.numbers.PinotNumbers;
import io.reckon.dashboard.query.Bucket;
import io.reckon.dashboard.query.RowFilter;
import io.reckon.dashboard.query.Scope;
import io.reckon.dashboard.query.TimeWindow;
import io.reckon.platform.pinot.PinotBroker;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.schemas.version.Versions;
import io.reckon.stack.testkit.AggregatesProducer;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard on the real local stack: rows published to a pipeline's aggregates topic as the speed layer and
 * reconciliation publish them, consumed by its Pinot upsert table, a FINAL record in its Hive tables, and
 * {@code serve}'s server reading both. Sums above 2^53 must come back exact (Pinot's SUM would round them), a FINAL day
 * must count only what was verified, and a scoped key must see nothing of other advertisers.
 */
@ExtendWith(LocalStackExtension.class)
class DashboardITCase {
    private static final String ADMIN = "it-admin-secret-0123456789";
    private static final String ACME = "it-acme-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final LocalDate FINAL_DAY = LocalDate.now(ZoneOffset.UTC).minusDays(3);
    private static final LocalDate OPEN_DAY = FINAL_DAY.plusDays(1);
    private static final long F = Versions.BATCH_BASE + 41;
    /** Two rows whose sum, 2^53 + 1 = 9,007,199,254,740,993 micros, a double cannot hold. */
    private static final long BIG_A = 4_503_599_627_370_496L;
    private static final long BIG_B = 4_503_599_627_370_497L;

    private static DashboardServer server;
    private static FinalityCache finality;
    private static StackEndpoints pipeline;
    private static PipelineNames names;

    private static long at(LocalDate day, int hour, int minute) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + hour * 3_600_000L + minute * 60_000L;
    }

    @BeforeAll
    static void seed(StackEndpoints stack) throws Exception {
        pipeline = stack.newPipeline("dash");
        names = PipelineNames.from(pipeline.properties());
        long speed = System.currentTimeMillis();
        List<AggregateRow> rows = new ArrayList<>();
        // FINAL day, adv-1: two batch rows (USD, together above 2^53), a EUR batch row, a late speed row after FINAL
        rows.add(row("adv-1", "c-1", "ad-1", "USD", at(FINAL_DAY, 10, 0), 7, 1, BIG_A, F - 2));
        rows.add(row("adv-1", "c-2", "ad-2", "USD", at(FINAL_DAY, 10, 1), 5, 0, BIG_B, F));
        rows.add(row("adv-1", "c-2", "ad-2", "EUR", at(FINAL_DAY, 11, 0), 3, 1, 2_500_000, F));
        rows.add(row("adv-1", "c-1", "ad-1", "USD", at(FINAL_DAY, 23, 59), 1, 0, 700_000, speed - 100_000));
        // FINAL day, adv-2
        rows.add(row("adv-2", "c-9", "ad-9", "USD", at(FINAL_DAY, 12, 0), 99, 9, 99_000_000, F));
        // FINAL day, adv-3: a verified row replaced by a newer reconciliation's row (above F, not FINAL yet)
        rows.add(row("adv-3", "c-5", "ad-5", "USD", at(FINAL_DAY, 9, 0), 8, 2, 8_000_000, F));
        rows.add(row("adv-3", "c-5", "ad-5", "USD", at(FINAL_DAY, 9, 0), 9, 2, 9_500_000, F + 1));
        // the open day: speed rows only
        rows.add(row("adv-1", "c-1", "ad-1", "USD", at(OPEN_DAY, 0, 5), 4, 1, 1_000_000, speed - 50_000));
        rows.add(row("adv-1", "c-1", "ad-1", "USD", at(OPEN_DAY, 0, 6), 1, 0, 250_000, speed - 40_000));
        AggregatesProducer.publish(pipeline.kafkaBootstrap(), "it-dashboard", names.aggregatesTopic(), rows);

        String table = names.pinotTable();
        PinotBroker broker = new PinotBroker(pipeline.pinotBrokerHostPort());
        long keys = rows.stream().map(AggregateRow::key).distinct().count();  // the upsert table: one row per key
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> broker.queryLong("SELECT COUNT(*) FROM " + PinotBroker.table(table)) == keys);

        String db = names.hiveDatabase();
        try (Connection hive = DriverManager.getConnection(pipeline.hiveJdbcUrl(), "it", "");
             Statement st = hive.createStatement()) {
            st.execute("INSERT INTO " + db + ".final_days SELECT '" + FINAL_DAY + "', " + F + ", 41, 'recon-it-1',"
                    + " 'batch-it-1', map(CAST(0 AS INT), CAST(10 AS BIGINT)), CAST(NULL AS BIGINT), CAST(3 AS BIGINT),"
                    + " CAST(4 AS BIGINT), CAST(114 AS BIGINT), CAST(11 AS BIGINT), map('USD', CAST(0 AS BIGINT)),"
                    + " CAST(1700000000000 AS BIGINT), false");
            st.execute("INSERT INTO " + db + ".reconciliation_runs SELECT 'recon-it-1', CAST(41 AS BIGINT), " + F + ", '"
                    + FINAL_DAY + "', 'FINAL', CAST(1 AS BIGINT), CAST(2 AS BIGINT), CAST(1 AS BIGINT), 'batch-it-1',"
                    + " CAST(4 AS BIGINT), CAST(4 AS BIGINT), CAST(2 AS BIGINT), CAST(0 AS BIGINT), CAST(1 AS BIGINT),"
                    + " CAST(0 AS BIGINT), CAST(1 AS BIGINT), map('USD', named_struct('differing_keys', CAST(2 AS BIGINT),"
                    + " 'impressions', CAST(-3 AS BIGINT), 'clicks', CAST(0 AS BIGINT), 'spend_micros', CAST(-1250000 AS BIGINT),"
                    + " 'abs_impressions', CAST(3 AS BIGINT), 'abs_clicks', CAST(0 AS BIGINT), 'abs_spend_micros',"
                    + " CAST(1250000 AS BIGINT))), CAST(2 AS BIGINT), CAST(10 AS BIGINT), CAST(0 AS BIGINT), " + F
                    + ", 'report.md', CAST(NULL AS STRING)");
        }

        finality = FinalityCache.refreshedEvery(new HiveFinality(pipeline.hiveJdbcUrl(), db), Duration.ofSeconds(30));
        await().atMost(Duration.ofMinutes(1)).until(() -> finality.state().isPresent());
        server = DashboardServer.start(new DashboardApi(new PinotNumbers(broker, table), finality),
                ApiKeys.parse("ops " + ADMIN + " admin\nacme " + ACME + " adv-1"), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (finality != null) {
            finality.close();
        }
    }

    private static AggregateRow row(String adv, String campaign, String ad, String currency, long windowStart,
                                    long impressions, long clicks, long spendMicros, long version) {
        return new AggregateRow(new GrainKey(adv, campaign, ad, currency, windowStart), impressions, clicks, spendMicros,
                version, Versions.sourceOf(version), System.currentTimeMillis());
    }

    private static HttpResponse<String> get(String pathAndQuery, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(String pathAndQuery, String key) throws Exception {
        HttpResponse<String> r = get(pathAndQuery, key);
        assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void aFinalDaysTotalsAreExactAbove2To53AndCountOnlyWhatWasVerified() throws Exception {
        JsonNode t = ok("/api/v1/totals?advertiser=adv-1&day=" + FINAL_DAY, ACME);
        JsonNode usd = t.path("currencies").path("USD");
        BigInteger expected = BigInteger.valueOf(BIG_A).add(BigInteger.valueOf(BIG_B));
        assertThat(expected).isGreaterThan(BigInteger.TWO.pow(53));
        assertThat(usd.path("spend_micros").bigIntegerValue()).isEqualTo(expected);
        assertThat(usd.path("spend").asText()).isEqualTo("9007199254.740993");
        assertThat(usd.path("impressions").asLong()).isEqualTo(12);
        assertThat(usd.path("since_final").path("spend_micros").asLong()).as("the late speed row, shown apart")
                .isEqualTo(700_000);
        assertThat(t.path("currencies").path("EUR").path("spend_micros").asLong()).isEqualTo(2_500_000);
        JsonNode day = t.path("days").get(0);
        assertThat(day.path("status").asText()).isEqualTo("FINAL");
        assertThat(day.path("final_version").asLong()).isEqualTo(F);
        assertThat(day.has("drift")).as("the whole day's drift is for admin keys").isFalse();

        JsonNode admin = ok("/api/v1/days?day=" + FINAL_DAY, ADMIN).path("days").get(0);
        assertThat(admin.path("drift").path("USD").path("spend_micros").asLong()).isEqualTo(-1_250_000);
    }

    @Test
    void aFinalDayWhoseVerifiedRowWasReplacedByANewerRunIsRevisingNotFinal() throws Exception {
        JsonNode t = ok("/api/v1/totals?advertiser=adv-3&day=" + FINAL_DAY, ADMIN);
        JsonNode day = t.path("days").get(0);
        assertThat(day.path("status").asText()).isEqualTo("REVISING");
        assertThat(day.path("final_version_text").asText()).isEqualTo(Long.toString(F));
        assertThat(day.path("note").asText()).contains("under way");
        assertThat(t.path("currencies").path("USD").path("spend_micros").asLong()).as("the newer run's row counts")
                .isEqualTo(9_500_000);
        // adv-1's rows of the same day are untouched: FINAL for it
        assertThat(ok("/api/v1/days?day=" + FINAL_DAY + "&advertiser=adv-1", ADMIN).path("days").get(0)
                .path("status").asText()).isEqualTo("FINAL");
    }

    /**
     * Split by version, adv-1's two days have 6 groups (its open day's two speed rows each a version of their own);
     * by class 5. With room for 5 groups only, the answer by version fills the limit and is asked again by class:
     * the same sums as asking by class outright, on real Pinot.
     */
    @Test
    void anAnswerByVersionThatFillsTheGroupLimitIsAskedAgainByClass() {
        PinotBroker broker = new PinotBroker(pipeline.pinotBrokerHostPort());
        PinotNumbers roomy = new PinotNumbers(broker, names.pinotTable());
        PinotNumbers tight = new PinotNumbers(broker, names.pinotTable(), 6);
        RowFilter adv1 = RowFilter.of(new Scope("adv-1", Optional.empty(), Optional.empty()));
        TimeWindow twoDays = new TimeWindow(TimeWindow.ofDay(FINAL_DAY).from(), TimeWindow.ofDay(OPEN_DAY).to());
        var byVersion = roomy.sums(adv1, twoDays, Bucket.DAY, DashboardNumbers.VersionSplit.VERSION);
        var byClass = roomy.sums(adv1, twoDays, Bucket.DAY, DashboardNumbers.VersionSplit.CLASS);
        assertThat(byVersion).as("by version").hasSize(6);
        assertThat(byClass).as("by class").hasSize(5);
        assertThat(tight.sums(adv1, twoDays, Bucket.DAY, DashboardNumbers.VersionSplit.VERSION))
                .containsExactlyInAnyOrderElementsOf(byClass);
        assertThat(tight.byKey(adv1, twoDays, DashboardNumbers.Level.AD, DashboardNumbers.VersionSplit.VERSION))
                .containsExactlyInAnyOrderElementsOf(roomy.byKey(adv1, twoDays, DashboardNumbers.Level.AD,
                        DashboardNumbers.VersionSplit.CLASS));
    }

    @Test
    void anOpenDayIsProvisionalWithItsFreshness() throws Exception {
        JsonNode t = ok("/api/v1/totals?advertiser=adv-1&day=" + OPEN_DAY, ACME);
        assertThat(t.path("currencies").path("USD").path("spend_micros").asLong()).isEqualTo(1_250_000);
        JsonNode day = t.path("days").get(0);
        assertThat(day.path("status").asText()).isEqualTo("PROVISIONAL");
        assertThat(day.path("newest_window_start").asText())
                .isEqualTo(Instant.ofEpochMilli(at(OPEN_DAY, 0, 6)).toString());
        assertThat(day.path("updated_at").asText()).isNotEmpty();
    }

    @Test
    void seriesAndTopAreExactAndRankedPerCurrency() throws Exception {
        JsonNode s = ok("/api/v1/series?advertiser=adv-1&bucket=day&from=" + FINAL_DAY + "&to=" + OPEN_DAY.plusDays(1), ACME);
        JsonNode usd = s.path("currencies").path("USD");
        assertThat(usd.size()).isEqualTo(2);
        assertThat(usd.get(0).path("spend_micros").bigIntegerValue())
                .isEqualTo(BigInteger.valueOf(BIG_A).add(BigInteger.valueOf(BIG_B)));
        assertThat(usd.get(0).path("final").asBoolean()).isTrue();
        assertThat(usd.get(1).path("final").asBoolean()).isFalse();

        // adv-1's day is FINAL: the ranking counts what was verified, exactly
        JsonNode acme = ok("/api/v1/top?day=" + FINAL_DAY + "&level=campaign", ACME);
        assertThat(acme.path("status").asText()).isEqualTo("FINAL");
        JsonNode acmeUsd = acme.path("currencies").path("USD");
        assertThat(acmeUsd.size()).isEqualTo(2);
        assertThat(acmeUsd.get(0).path("campaign").asText()).isEqualTo("c-2");
        assertThat(acmeUsd.get(0).path("spend_micros").asLong()).isEqualTo(BIG_B);
        assertThat(acmeUsd.get(1).path("spend_micros").asLong()).isEqualTo(BIG_A);
        // over every advertiser the day is REVISING (adv-3's row above F): every row counts, the late one too
        JsonNode all = ok("/api/v1/top?day=" + FINAL_DAY + "&level=campaign", ADMIN);
        assertThat(all.path("status").asText()).isEqualTo("REVISING");
        JsonNode allUsd = all.path("currencies").path("USD");
        assertThat(allUsd.size()).isEqualTo(4);
        assertThat(allUsd.get(0).path("campaign").asText()).isEqualTo("c-1");
        assertThat(allUsd.get(0).path("spend_micros").asLong()).isEqualTo(BIG_A + 700_000);
        JsonNode scoped = ok("/api/v1/top?day=" + FINAL_DAY + "&level=ad", ACME);
        assertThat(scoped.toString()).doesNotContain("adv-2", "c-9");
    }

    @Test
    void aScopedKeyGets403ForOthersAndBadInputA400() throws Exception {
        assertThat(get("/api/v1/totals?advertiser=adv-2&day=" + FINAL_DAY, ACME).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/totals?advertiser=adv-nope&day=" + FINAL_DAY, ACME).statusCode()).isEqualTo(403);
        HttpResponse<String> hostile = get("/api/v1/totals?advertiser=adv-1%27%20OR%20%271%27=%271&day=" + FINAL_DAY, ADMIN);
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.body()).doesNotContain("OR '1'");
    }

    /**
     * The page in real headless Chromium: the FINAL badge and the exact FINAL amounts, the open day PROVISIONAL, and
     * today's spend appearing within seconds of a new row; no error in the browser's console. Screenshots (laptop and
     * phone widths) go to target/.
     */
    @Test
    void thePageShowsTheExactNumbersMarksFinalDaysAndUpdatesLive() throws Exception {
        ChromeDriver chrome = Browser.start();
        try {
            chrome.get("http://127.0.0.1:" + server.port() + "/#key=" + ACME);
            WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(30));
            By finalRow = By.cssSelector("#days tr[data-day='" + FINAL_DAY + "']");
            wait.until(d -> !d.findElements(finalRow).isEmpty());
            assertThat(chrome.findElement(finalRow).getAttribute("data-status")).isEqualTo("FINAL");
            assertThat(chrome.findElement(finalRow).findElement(By.cssSelector(".badge")).getText()).isEqualTo("FINAL");
            // 9,007,199,254.740993 dollars, above 2^53 micros: formatted exactly, not through a double
            assertThat(chrome.findElement(finalRow).getText()).contains("$9,007,199,254.74", "€2.50", "since FINAL",
                    "version " + F);
            By openRow = By.cssSelector("#days tr[data-day='" + OPEN_DAY + "']");
            assertThat(chrome.findElement(openRow).getAttribute("data-status")).isEqualTo("PROVISIONAL");
            assertThat(chrome.findElement(openRow).getText()).contains("$1.25");
            assertThat(chrome.getCurrentUrl()).as("the key leaves the address bar").doesNotContain(ACME);

            // A new event's row for today: the page shows it within a few refreshes.
            long now = System.currentTimeMillis();
            // $1.005 rounds half up to $1.01 in exact arithmetic; through a double (1.00499...) it would be $1.00
            AggregatesProducer.publish(pipeline.kafkaBootstrap(), "it-dashboard", names.aggregatesTopic(), List.of(row("adv-1", "c-7", "ad-7", "USD", now - now % 60_000,
                    2, 1, 1_005_000, now)));
            By todayUsd = By.cssSelector("#today .tile[data-currency='USD'] .amount");
            wait.withTimeout(Duration.ofSeconds(60)).until(d -> !d.findElements(todayUsd).isEmpty()
                    && d.findElement(todayUsd).getText().equals("$1.01"));
            wait.until(d -> !d.findElements(By.cssSelector("#campaigns tr[data-campaign='c-7']")).isEmpty());
            assertThat(chrome.findElement(By.id("freshness")).getText()).startsWith("updated ");

            Path target = Path.of("target");
            Files.createDirectories(target);
            Files.copy(chrome.getScreenshotAs(OutputType.FILE).toPath(), target.resolve("dashboard-page.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            chrome.executeScript("arguments[0].scrollIntoView({block: 'center'})", chrome.findElement(finalRow));
            Files.copy(chrome.getScreenshotAs(OutputType.FILE).toPath(), target.resolve("dashboard-page-days.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            chrome.executeScript("window.scrollTo(0, 0)");
            chrome.manage().window().setSize(new Dimension(390, 844));
            wait.until(d -> d.findElement(By.cssSelector("#chart .uplot")).getSize().getWidth() <= 390);
            assertThat(((Number) chrome.executeScript("return document.documentElement.scrollWidth")).intValue())
                    .as("nothing wider than a phone's screen").isLessThanOrEqualTo(390);
            Files.copy(chrome.getScreenshotAs(OutputType.FILE).toPath(), target.resolve("dashboard-page-phone.png"),
                    StandardCopyOption.REPLACE_EXISTING);

            List<LogEntry> errors = chrome.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).toList();
            assertThat(errors).as("errors in the browser's console").isEmpty();
        } finally {
            chrome.quit();
        }
    }
}
