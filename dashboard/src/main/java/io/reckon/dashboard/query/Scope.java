package io.reckon.dashboard.query;

import java.util.Optional;

/** Whose rows a request reads: one advertiser, optionally one of its campaigns, optionally one ad. All ids checked. */
public record Scope(String advertiser, Optional<String> campaign, Optional<String> ad) {
    public Scope {
        Identifiers.check("advertiser", advertiser);
        campaign.ifPresent(c -> Identifiers.check("campaign", c));
        ad.ifPresent(a -> Identifiers.check("ad", a));
    }

    public static Scope parse(String advertiser, String campaign, String ad) {
        if (advertiser == null) {
            throw new BadRequest("advertiser is required");
        }
        return new Scope(advertiser, Optional.ofNullable(campaign), Optional.ofNullable(ad));
    }
}
