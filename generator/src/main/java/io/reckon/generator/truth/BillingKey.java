package io.reckon.generator.truth;

import java.time.LocalDate;
import java.util.Comparator;

/** A line of the daily billing rollup: (day, advertiser, campaign, currency). */
public record BillingKey(LocalDate day, String advertiserId, String campaignId, String currency)
        implements Comparable<BillingKey> {

    private static final Comparator<BillingKey> ORDER = Comparator.comparing(BillingKey::day)
            .thenComparing(BillingKey::advertiserId)
            .thenComparing(BillingKey::campaignId)
            .thenComparing(BillingKey::currency);

    @Override
    public int compareTo(BillingKey other) {
        return ORDER.compare(this, other);
    }
}
