package io.reckon.dashboard.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whose rows a query reads: some advertisers (all, if empty), optionally one campaign and one ad. Every id has been
 * checked by {@link Identifiers}, so the predicates hold nothing a request could have written.
 */
public record RowFilter(Optional<Set<String>> advertisers, Optional<String> campaign, Optional<String> ad) {
    public RowFilter {
        advertisers = advertisers.map(Set::copyOf);
        advertisers.ifPresent(a -> a.forEach(id -> Identifiers.check("advertiser", id)));
        campaign.ifPresent(c -> Identifiers.check("campaign", c));
        ad.ifPresent(a -> Identifiers.check("ad", a));
    }

    public static RowFilter of(Scope scope) {
        return new RowFilter(Optional.of(Set.of(scope.advertiser())), scope.campaign(), scope.ad());
    }

    public static RowFilter advertisers(Optional<Set<String>> advertisers) {
        return new RowFilter(advertisers, Optional.empty(), Optional.empty());
    }

    /** The Pinot predicates of this filter. */
    public List<String> predicates() {
        List<String> p = new ArrayList<>();
        advertisers.ifPresent(a -> p.add(a.isEmpty() ? "1 = 0" : a.size() == 1
                ? "advertiser_id = " + Identifiers.literal(a.iterator().next())
                : "advertiser_id IN (" + a.stream().sorted().map(Identifiers::literal).collect(Collectors.joining(", ")) + ")"));
        campaign.ifPresent(c -> p.add("campaign_id = " + Identifiers.literal(c)));
        ad.ifPresent(a -> p.add("ad_id = " + Identifiers.literal(a)));
        return p;
    }
}
