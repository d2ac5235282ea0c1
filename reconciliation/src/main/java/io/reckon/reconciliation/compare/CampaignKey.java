package io.reckon.reconciliation.compare;

import java.util.Comparator;

/** The report's drift breakdown: per advertiser, campaign and currency (amounts never cross currencies). */
public record CampaignKey(String advertiserId, String campaignId, String currency) {
    public static final Comparator<CampaignKey> ORDER = Comparator.comparing(CampaignKey::advertiserId)
            .thenComparing(CampaignKey::campaignId).thenComparing(CampaignKey::currency);
}
