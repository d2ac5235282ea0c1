package io.reckon.schemas.aggregate;

import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.time.UtcTime;
import io.reckon.schemas.validation.FieldRules;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/**
 * The grain of every aggregate: one row per (advertiser_id, campaign_id, ad_id, currency, window_start). It is the
 * Pinot primary key, and {@link io.reckon.schemas.key.CanonicalKey} turns it into Kafka key bytes.
 *
 * @param windowStart epoch milliseconds, a whole UTC minute
 */
public record GrainKey(String advertiserId, String campaignId, String adId, String currency, long windowStart)
        implements Comparable<GrainKey> {

    /** Sort order of the ground truth and of reports: by the columns, in order; strings by UTF-16 code units. */
    public static final Comparator<GrainKey> ORDER = Comparator.comparing(GrainKey::advertiserId)
            .thenComparing(GrainKey::campaignId)
            .thenComparing(GrainKey::adId)
            .thenComparing(GrainKey::currency)
            .thenComparingLong(GrainKey::windowStart);

    public GrainKey {
        FieldRules.requireIdentifier("advertiser_id", Objects.requireNonNull(advertiserId, "advertiserId"));
        FieldRules.requireIdentifier("campaign_id", Objects.requireNonNull(campaignId, "campaignId"));
        FieldRules.requireIdentifier("ad_id", Objects.requireNonNull(adId, "adId"));
        FieldRules.requireCurrency(Objects.requireNonNull(currency, "currency"));
        if (!UtcTime.isMinuteAligned(windowStart)) {
            throw new IllegalArgumentException("window_start " + windowStart + " is not a whole UTC minute");
        }
    }

    /** The row an event counts in. */
    public static GrainKey of(AdEvent event) {
        return new GrainKey(event.advertiserId(), event.campaignId(), event.adId(), event.currency(),
                UtcTime.minuteFloor(event.eventTime()));
    }

    /** The billing day: the UTC date of the window (= of every event_time in it). */
    public LocalDate billingDay() {
        return UtcTime.utcDate(windowStart);
    }

    @Override
    public int compareTo(GrainKey other) {
        return ORDER.compare(this, other);
    }
}
