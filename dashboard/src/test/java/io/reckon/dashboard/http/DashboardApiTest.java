package io.reckon.dashboard.http;

import io.reckon.dashboard.access.Access;
import io.reckon.dashboard.finality.DayFinality;
import io.reckon.dashboard.finality.FinalityCache;
import io.reckon.dashboard.numbers.Amounts;
import io.reckon.dashboard.numbers.MemoryNumbers;
import io.reckon.dashboard.query.BadRequest;
import io.reckon.dashboard.query.Forbidden;
import io.reckon.dashboard.query.TimeWindow;
import io.reckon.schemas.version.Versions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API's answers on rows in memory: what counts on a FINAL day, per currency, exact; access; bad input. */
class DashboardApiTest {
    private static final LocalDate FINAL_DAY = LocalDate.parse("2026-11-28");
    private static final LocalDate OPEN_DAY = FINAL_DAY.plusDays(1);
    private static final long F = Versions.BATCH_BASE + 3;
    private static final Access ADMIN = Access.admin("ops");
    private static final Access ACME = Access.scoped("acme", Set.of("adv-1"));

    private final MemoryNumbers rows = new MemoryNumbers();
    private final SortedMap<LocalDate, DayFinality> finals = new TreeMap<>();
    private FinalityCache finality;
    private DashboardApi api;

    private static Instant at(LocalDate day, String time) {
        return Instant.parse(day + "T" + time + "Z");
    }

    private static Function<String, String> params(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m::get;
    }

    @BeforeEach
    void rows() {
        // The FINAL day: batch rows at or below F, and a late speed row that arrived after FINAL.
        rows.put(new MemoryNumbers.Row("adv-1", "c-1", "ad-1", "USD", at(FINAL_DAY, "10:00:00"), F - 1, new Amounts(10, 1, 4_000_000_000_000_000L), 1))
            .put(new MemoryNumbers.Row("adv-1", "c-1", "ad-2", "USD", at(FINAL_DAY, "10:01:00"), F, new Amounts(5, 0, 6_000_000_000_000_001L), 2))
            .put(new MemoryNumbers.Row("adv-1", "c-2", "ad-3", "EUR", at(FINAL_DAY, "11:00:00"), F, new Amounts(3, 1, 2_500_000), 3))
            .put(new MemoryNumbers.Row("adv-1", "c-2", "ad-3", "EUR", at(FINAL_DAY, "12:00:00"), 1_800_000_000_000L, new Amounts(1, 0, 700_000), 4))
            // another advertiser, and the open day
            .put(new MemoryNumbers.Row("adv-2", "c-9", "ad-9", "USD", at(FINAL_DAY, "10:00:00"), F, new Amounts(99, 9, 99_000_000), 6))
            .put(new MemoryNumbers.Row("adv-1", "c-1", "ad-1", "USD", at(OPEN_DAY, "00:05:00"), 1_800_000_000_100L, new Amounts(4, 1, 1_000_000), 1_800_000_000_200L))
            .put(new MemoryNumbers.Row("adv-1", "c-1", "ad-1", "USD", at(OPEN_DAY, "00:06:00"), 1_800_000_000_300L, new Amounts(1, 0, 250_000), 1_800_000_000_400L));
        finals.put(FINAL_DAY, new DayFinality(FINAL_DAY, F, 1_764_400_000_000L, false,
                new TreeMap<>(Map.of("USD", new DayFinality.Drift(2, -3, 0, -1_250_000)))));
        finality = FinalityCache.manual(() -> finals);
        finality.refreshNow();
        api = new DashboardApi(rows, finality, java.time.Clock.fixed(at(OPEN_DAY, "12:00:00"), java.time.ZoneOffset.UTC));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void aFinalDayCountsWhatWasVerifiedAndShowsLateRowsApartExactlyAbove2To53() {
        Map<String, Object> t = api.totals(ACME, params("advertiser", "adv-1", "day", FINAL_DAY.toString()));
        Map<String, Object> usd = map(map(t.get("currencies")).get("USD"));
        // 4e15 + (6e15 + 1) = 10,000,000,000,000,001 micros: above 2^53, where a double would round, and exact
        assertThat(usd).containsEntry("impressions", 15L).containsEntry("clicks", 1L)
                .containsEntry("spend_micros", 10_000_000_000_000_001L).containsEntry("spend", "10000000000.000001");
        assertThat(usd).doesNotContainKey("since_final");
        Map<String, Object> eur = map(map(t.get("currencies")).get("EUR"));
        assertThat(eur).containsEntry("spend_micros", 2_500_000L);
        assertThat(map(eur.get("since_final"))).containsEntry("spend_micros", 700_000L);
        assertThat(t).containsEntry("timezone", "UTC").containsEntry("from", "2026-11-28T00:00:00Z");
        List<Map<String, Object>> days = (List<Map<String, Object>>) t.get("days");
        assertThat(days).singleElement().satisfies(d -> assertThat(d).containsEntry("status", "FINAL")
                .containsEntry("final_version", F).doesNotContainKey("drift"));
    }

    @Test
    void aProvisionalDayCountsEveryRowAndSaysHowFreshItIs() {
        Map<String, Object> t = api.totals(ADMIN, params("advertiser", "adv-1", "day", OPEN_DAY.toString()));
        assertThat(map(map(t.get("currencies")).get("USD"))).containsEntry("spend_micros", 1_250_000L)
                .doesNotContainKey("since_final");
        Map<String, Object> d = api.days(ADMIN, params("from", FINAL_DAY.toString(), "to", OPEN_DAY.plusDays(1).toString()));
        List<Map<String, Object>> days = (List<Map<String, Object>>) d.get("days");
        assertThat(days.get(0)).containsEntry("status", "FINAL");
        assertThat(map(map(days.get(0).get("drift")).get("USD"))).as("admins see the day's drift")
                .containsEntry("spend_micros", -1_250_000L).containsEntry("differing_keys", 2L);
        assertThat(days.get(1)).containsEntry("status", "PROVISIONAL")
                .containsEntry("newest_window_start", at(OPEN_DAY, "00:06:00").toString())
                .containsEntry("updated_at", Instant.ofEpochMilli(1_800_000_000_400L).toString());
        assertThat(rows.freshnessWindows).as("freshness asked for the open day only, not the FINAL one")
                .last().isEqualTo(TimeWindow.ofDay(OPEN_DAY));
        int asked = rows.freshnessWindows.size();
        api.days(ADMIN, params("day", FINAL_DAY.toString()));
        assertThat(rows.freshnessWindows).as("nor at all where every day is FINAL").hasSize(asked);
    }

    @Test
    void theSpanOfTheOpenDaysStaysInsideTheWindow() {
        TimeWindow w = new TimeWindow(at(FINAL_DAY, "06:00:00"), at(OPEN_DAY, "18:00:00"));
        assertThat(DashboardApi.span(w, FINAL_DAY, OPEN_DAY)).isEqualTo(w);
        assertThat(DashboardApi.span(w, OPEN_DAY, OPEN_DAY)).isEqualTo(new TimeWindow(at(OPEN_DAY, "00:00:00"),
                at(OPEN_DAY, "18:00:00")));
    }

    @Test
    void seriesBucketsAreUtcAndMarkTheirDay() {
        Map<String, Object> s = api.series(ACME, params("advertiser", "adv-1", "campaign", "c-1", "bucket", "hour",
                "from", FINAL_DAY.toString(), "to", OPEN_DAY.plusDays(1).toString()));
        List<Map<String, Object>> usd = (List<Map<String, Object>>) map(s.get("currencies")).get("USD");
        assertThat(usd).extracting(p -> p.get("start")).containsExactly("2026-11-28T10:00:00Z", "2026-11-29T00:00:00Z");
        assertThat(usd).extracting(p -> p.get("final")).containsExactly(true, false);
        assertThat(usd.get(0)).containsEntry("spend_micros", 10_000_000_000_000_001L);
        assertThat(usd.get(1)).containsEntry("spend_micros", 1_250_000L);
    }

    @Test
    void topRanksPerCurrencyWithinWhatTheKeyMayRead() {
        Map<String, Object> admin = api.top(ADMIN, params("day", FINAL_DAY.toString()));
        List<Map<String, Object>> usd = (List<Map<String, Object>>) map(admin.get("currencies")).get("USD");
        assertThat(usd).extracting(r -> r.get("campaign")).containsExactly("c-1", "c-9");
        List<Map<String, Object>> eur = (List<Map<String, Object>>) map(admin.get("currencies")).get("EUR");
        assertThat(eur).singleElement().satisfies(r -> assertThat(r).as("the late speed row is not in the FINAL ranking")
                .containsEntry("spend_micros", 2_500_000L));
        Map<String, Object> acme = api.top(ACME, params("day", FINAL_DAY.toString(), "level", "ad", "n", "1"));
        List<Map<String, Object>> acmeUsd = (List<Map<String, Object>>) map(acme.get("currencies")).get("USD");
        assertThat(acmeUsd).singleElement().satisfies(r -> assertThat(r).containsEntry("ad", "ad-2")
                .containsEntry("advertiser", "adv-1"));
        assertThat(acme.toString()).doesNotContain("adv-2", "c-9");
    }

    @Test
    void aFinalDayWithRowsAboveItsVersionIsRevisingAndNotPresentedAsFinal() {
        // A newer reconciliation of the day has published (its row replaced a verified one) but is not FINAL yet.
        rows.put(new MemoryNumbers.Row("adv-1", "c-1", "ad-1", "USD", at(FINAL_DAY, "10:00:00"), F + 1,
                new Amounts(11, 1, 4_000_000_000_000_000L), 9));
        Map<String, Object> t = api.totals(ACME, params("advertiser", "adv-1", "day", FINAL_DAY.toString()));
        List<Map<String, Object>> days = (List<Map<String, Object>>) t.get("days");
        assertThat(days.get(0)).containsEntry("status", "REVISING").containsEntry("final_version", F)
                .containsKey("note").containsKey("updated_at");
        Map<String, Object> usd = map(map(t.get("currencies")).get("USD"));
        assertThat(usd).as("every row counts, as on a provisional day").containsEntry("impressions", 16L)
                .doesNotContainKey("since_final");
        assertThat(map(map(t.get("currencies")).get("EUR"))).as("the late speed row counts too")
                .containsEntry("spend_micros", 3_200_000L).doesNotContainKey("since_final");
        assertThat(api.top(ADMIN, params("day", FINAL_DAY.toString()))).containsEntry("status", "REVISING");
        // another advertiser's rows are untouched: its day is still FINAL for it
        Map<String, Object> other = api.totals(ADMIN, params("advertiser", "adv-2", "day", FINAL_DAY.toString()));
        assertThat(((List<Map<String, Object>>) other.get("days")).get(0)).containsEntry("status", "FINAL");
    }

    @Test
    void aScopedKeyReadsOnlyItsAdvertisersAndLearnsNothingOfOthers() {
        assertThatThrownBy(() -> api.totals(ACME, params("advertiser", "adv-2", "day", FINAL_DAY.toString())))
                .isInstanceOf(Forbidden.class).hasMessage(new Forbidden().getMessage());
        assertThatThrownBy(() -> api.totals(ACME, params("advertiser", "adv-404", "day", FINAL_DAY.toString())))
                .isInstanceOf(Forbidden.class).hasMessage(new Forbidden().getMessage());
        assertThatThrownBy(() -> api.top(ACME, params("day", FINAL_DAY.toString(), "advertiser", "adv-2")))
                .isInstanceOf(Forbidden.class);
        assertThat(api.advertisers(ACME, params())).containsEntry("advertisers", ACME.advertisers());
        assertThat(api.advertisers(ADMIN, params("days", "2")).get("advertisers")).isEqualTo(new java.util.TreeSet<>(Set.of("adv-1", "adv-2")));
        assertThat(api.advertisers(ADMIN, params("days", "1")).get("advertisers")).isEqualTo(new java.util.TreeSet<>(Set.of("adv-1")));
    }

    @Test
    void badInputIsRefusedWithOneLineThatDoesNotEchoIt() {
        String hostile = "adv-1' OR '1'='1";
        assertThatThrownBy(() -> api.totals(ADMIN, params("advertiser", hostile, "day", FINAL_DAY.toString())))
                .isInstanceOf(BadRequest.class).hasMessageNotContaining("OR '1'");
        assertThatThrownBy(() -> api.series(ADMIN, params("advertiser", "adv-1", "bucket", "week", "day", "2026-11-28")))
                .isInstanceOf(BadRequest.class).hasMessage("bucket must be minute, hour or day");
        assertThatThrownBy(() -> api.totals(ADMIN, params("advertiser", "adv-1", "from", "2026-11-29", "to", "2026-11-28")))
                .isInstanceOf(BadRequest.class).hasMessage("from must be before to");
        assertThatThrownBy(() -> api.series(ADMIN, params("advertiser", "adv-1", "bucket", "minute", "from", "2026-11-01", "to", "2026-11-28")))
                .isInstanceOf(BadRequest.class).hasMessageContaining("longer than 2 days");
        assertThatThrownBy(() -> api.totals(ADMIN, params("advertiser", "adv-1", "day", "28/11/2026")))
                .isInstanceOf(BadRequest.class).hasMessage("day must be a UTC day, YYYY-MM-DD");
        assertThatThrownBy(() -> api.totals(ADMIN, params("day", "2026-11-28"))).isInstanceOf(BadRequest.class)
                .hasMessage("advertiser is required");
        assertThatThrownBy(() -> api.top(ADMIN, params("day", "2026-11-28", "n", "1000"))).isInstanceOf(BadRequest.class)
                .hasMessage("n must be a whole number from 1 to 100");
        assertThatThrownBy(() -> api.top(ADMIN, params("day", "2026-11-28", "level", "x"))).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> api.totals(ADMIN, params("advertiser", "adv-1", "day", "+999999999-12-31")))
                .isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> api.totals(ADMIN, params("advertiser", "adv-1", "from", "+300000000-01-01T00:00:00Z",
                "to", "+300000000-01-02T00:00:00Z"))).isInstanceOf(BadRequest.class).hasMessageContaining("1970 to 9999");
    }

    @Test
    void untilTheFinalDaysAreKnownNothingIsPresentedAsProvisional() {
        FinalityCache unknown = FinalityCache.manual(() -> {
            throw new IllegalStateException("HiveServer2 down");
        });
        unknown.refreshNow();
        DashboardApi blind = new DashboardApi(rows, unknown);
        assertThatThrownBy(() -> blind.totals(ADMIN, params("advertiser", "adv-1", "day", FINAL_DAY.toString())))
                .isInstanceOf(Unavailable.class).hasMessageContaining("not known yet")
                .as("the reason goes to the log, not to the reader").hasMessageNotContaining("HiveServer2 down");
        assertThatThrownBy(() -> blind.series(ADMIN, params("advertiser", "adv-1", "day", FINAL_DAY.toString())))
                .isInstanceOf(Unavailable.class);
        assertThatThrownBy(() -> blind.days(ADMIN, params("day", FINAL_DAY.toString()))).isInstanceOf(Unavailable.class);
        assertThatThrownBy(() -> blind.top(ADMIN, params("day", FINAL_DAY.toString()))).isInstanceOf(Unavailable.class);
    }
}
