package io.reckon.reconciliation.compare;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.reckon.reconciliation.compare.Rows.batch;
import static io.reckon.reconciliation.compare.Rows.c;
import static io.reckon.reconciliation.compare.Rows.key;
import static io.reckon.reconciliation.compare.Rows.speed;
import static org.assertj.core.api.Assertions.assertThat;

class DriftTallyTest {
    @Test
    void driftIsPinotMinusExactPerCurrencyAndPerCampaignSignedAndAbsolute() {
        DriftTally t = new DriftTally(10);
        var over = key("adv-1", "cmp-1", "ad-1", "USD", 0);
        var under = key("adv-1", "cmp-1", "ad-2", "USD", 0);
        var eur = key("adv-2", "cmp-9", "ad-1", "EUR", 3);
        var fine = key("adv-2", "cmp-9", "ad-2", "EUR", 3);
        t.accept(new KeyOutcome(over, KeyClass.VALUES_DIFFER, c(10, 1, 1_000), speed(over, c(12, 1, 1_500))));
        t.accept(new KeyOutcome(under, KeyClass.MISSING_IN_PINOT, c(5, 0, 700), null));
        t.accept(new KeyOutcome(eur, KeyClass.EXTRA_IN_PINOT, Counts.ZERO, speed(eur, c(1, 1, 90))));
        t.accept(new KeyOutcome(fine, KeyClass.MATCH, c(3, 0, 30), batch(fine, c(3, 0, 30), 4)));

        Drift usd = t.driftByCurrency().get("USD");
        assertThat(usd.keys()).isEqualTo(2);
        assertThat(usd.impressions()).isEqualTo(2 - 5);
        assertThat(usd.spendMicros()).isEqualTo(500 - 700);
        assertThat(usd.absSpendMicros()).isEqualTo(1_200);
        assertThat(t.driftByCurrency().get("EUR").clicks()).isEqualTo(1);
        assertThat(t.driftByCampaign()).extracting(Map.Entry::getKey)
                .containsExactly(new CampaignKey("adv-1", "cmp-1", "USD"), new CampaignKey("adv-2", "cmp-9", "EUR"));
        assertThat(t.maxBatchVersion()).hasValue(io.reckon.schemas.version.Versions.batch(4));
        assertThat(t.exactTotals().get("USD").spendMicros()).isEqualTo(1_700);
        assertThat(t.pinotTotals().get("EUR").keys()).isEqualTo(2);
        assertThat(t.differences()).isEqualTo(3);
        assertThat(t.needingCorrection()).isEqualTo(3);
        assertThat(t.pinotRows()).isEqualTo(3);
    }
}
