package io.reckon.generator.truth;

import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.validation.ReasonCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's counting rules on hand-made records. */
class GroundTruthTest {
    private static final long DAY = 1_764_028_800_000L; // 2025-11-25T00:00Z
    private static final long TS = DAY + 3_600_000L;    // 01:00

    private static byte[] event(String id, String type, long eventTime, long cost, String currency) {
        return ("{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_time\":" + eventTime
                + ",\"advertiser_id\":\"adv\",\"campaign_id\":\"cmp\",\"ad_id\":\"ad\",\"cost_micros\":" + cost
                + ",\"currency\":\"" + currency + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void firstValidCopyCountsInItsOwnDayAndDuplicatesNowhere() {
        GroundTruth truth = new GroundTruth();
        truth.accept(key("e1"), event("e1", "impression", DAY + 5, 100, "USD"), TS);
        // Conflicting duplicate on the previous UTC day: counts nowhere.
        truth.accept(key("e1"), event("e1", "click", DAY - 5, 9_999, "USD"), TS);
        // Exact duplicate much later: counts nowhere.
        truth.accept(key("e1"), event("e1", "impression", DAY + 5, 100, "USD"), TS + 86_400_000L);

        assertThat(truth.rows()).hasSize(1);
        Totals row = truth.rows().get(new GrainKey("adv", "cmp", "ad", "USD", DAY));
        assertThat(row.impressions()).isEqualTo(1);
        assertThat(row.clicks()).isZero();
        assertThat(row.spendMicros()).isEqualTo(100);
        assertThat(truth.duplicates()).isEqualTo(2);
        assertThat(truth.billingDaily().keySet()).extracting(BillingKey::day)
                .containsExactly(LocalDate.of(2025, 11, 25));
    }

    @Test
    void anInvalidCopyIsNeverSeenSoTheLaterValidCopyCounts() {
        GroundTruth truth = new GroundTruth();
        truth.accept(key("e2"), event("e2", "click", DAY + 5, 100, "usd"), TS);
        truth.accept(key("e2"), event("e2", "click", DAY + 5, 250, "USD"), TS);

        assertThat(truth.invalidByReason()).containsEntry(ReasonCode.BAD_CURRENCY, 1L);
        assertThat(truth.billable()).isEqualTo(1);
        assertThat(truth.rows().get(new GrainKey("adv", "cmp", "ad", "USD", DAY)).spendMicros()).isEqualTo(250);
    }

    @Test
    void rowsAreSummedPerMinuteAndDaysPerCurrency() {
        GroundTruth truth = new GroundTruth();
        truth.accept(key("a"), event("a", "impression", DAY + 1_000, 10, "USD"), TS);
        truth.accept(key("b"), event("b", "click", DAY + 59_999, 20, "USD"), TS);
        truth.accept(key("c"), event("c", "impression", DAY + 60_000, 30, "USD"), TS);
        truth.accept(key("d"), event("d", "impression", DAY + 60_000, 40, "EUR"), TS);

        assertThat(truth.rows()).hasSize(3);
        Totals first = truth.rows().get(new GrainKey("adv", "cmp", "ad", "USD", DAY));
        assertThat(new long[]{first.impressions(), first.clicks(), first.spendMicros()}).containsExactly(1, 1, 30);
        assertThat(truth.billingDaily()).hasSize(2);
        Totals usd = truth.billingDaily().get(new BillingKey(LocalDate.of(2025, 11, 25), "adv", "cmp", "USD"));
        assertThat(usd.spendMicros()).isEqualTo(60);
    }
}
