package io.reckon.schemas.event;

import io.reckon.schemas.avro.AdEventRecord;

/** Converts between the contract type and its Avro record (used for storage and Avro-aware serializers). */
public final class AdEventAvro {
    private AdEventAvro() {
    }

    public static AdEventRecord toAvro(AdEvent event) {
        return AdEventRecord.newBuilder()
                .setEventId(event.eventId())
                .setEventType(event.eventType().wireName())
                .setEventTime(event.eventTime())
                .setAdvertiserId(event.advertiserId())
                .setCampaignId(event.campaignId())
                .setAdId(event.adId())
                .setCostMicros(event.costMicros())
                .setCurrency(event.currency())
                .setUserId(event.userId())
                .build();
    }

    /** Re-checks every field rule: an Avro record may come from anywhere. */
    public static AdEvent fromAvro(AdEventRecord record) {
        return new AdEvent(
                record.getEventId(),
                EventType.fromWireName(record.getEventType()),
                record.getEventTime(),
                record.getAdvertiserId(),
                record.getCampaignId(),
                record.getAdId(),
                record.getCostMicros(),
                record.getCurrency(),
                record.getUserId());
    }
}
