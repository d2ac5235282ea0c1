package io.reckon.schemas.event;

import io.reckon.schemas.validation.FieldRules;

import java.util.Objects;

/**
 * A well-formed ad event: every field obeys the contract's field rules (checked here, so an instance can never
 * be malformed). Whether the event is VALID for a given Kafka record (key, time window) is decided by
 * {@link io.reckon.schemas.validation.IngressValidator}.
 *
 * @param eventTime  epoch milliseconds, UTC
 * @param costMicros integer micros of {@code currency}, 0..1,000,000,000
 * @param userId     optional, may be null
 */
public record AdEvent(
        String eventId,
        EventType eventType,
        long eventTime,
        String advertiserId,
        String campaignId,
        String adId,
        long costMicros,
        String currency,
        String userId) {

    public AdEvent {
        FieldRules.requireIdentifier("event_id", Objects.requireNonNull(eventId, "eventId"));
        Objects.requireNonNull(eventType, "eventType");
        FieldRules.requireIdentifier("advertiser_id", Objects.requireNonNull(advertiserId, "advertiserId"));
        FieldRules.requireIdentifier("campaign_id", Objects.requireNonNull(campaignId, "campaignId"));
        FieldRules.requireIdentifier("ad_id", Objects.requireNonNull(adId, "adId"));
        FieldRules.requireCostMicros(costMicros);
        FieldRules.requireCurrency(Objects.requireNonNull(currency, "currency"));
        if (userId != null) {
            FieldRules.requireWellFormedText("user_id", userId);
        }
    }

    public boolean isClick() {
        return eventType == EventType.CLICK;
    }
}
