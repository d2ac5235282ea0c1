package io.reckon.schemas.aggregate;

import io.reckon.schemas.avro.AdStatsMinuteRecord;

/** Converts between {@link AggregateRow} and its Avro record. */
public final class AggregateRowAvro {
    private AggregateRowAvro() {
    }

    public static AdStatsMinuteRecord toAvro(AggregateRow row) {
        GrainKey key = row.key();
        return AdStatsMinuteRecord.newBuilder()
                .setAdvertiserId(key.advertiserId())
                .setCampaignId(key.campaignId())
                .setAdId(key.adId())
                .setCurrency(key.currency())
                .setWindowStart(key.windowStart())
                .setImpressions(row.impressions())
                .setClicks(row.clicks())
                .setSpendMicros(row.spendMicros())
                .setVersion(row.version())
                .setSource(row.source().wireName())
                .setUpdatedAt(row.updatedAt())
                .build();
    }

    public static AggregateRow fromAvro(AdStatsMinuteRecord record) {
        GrainKey key = new GrainKey(record.getAdvertiserId(), record.getCampaignId(), record.getAdId(),
                record.getCurrency(), record.getWindowStart());
        return new AggregateRow(key, record.getImpressions(), record.getClicks(), record.getSpendMicros(),
                record.getVersion(), Source.fromWireName(record.getSource()), record.getUpdatedAt());
    }
}
