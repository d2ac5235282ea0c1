package io.reckon.reconciliation.export;

/** One row of a day's billing export: exact totals per (advertiser, campaign, currency), integer micros. */
public record BillingRow(String advertiserId, String campaignId, String currency, long impressions, long clicks,
                         long spendMicros, String batchRunId) {
}
