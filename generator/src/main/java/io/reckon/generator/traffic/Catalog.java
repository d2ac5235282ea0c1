package io.reckon.generator.traffic;

import io.reckon.generator.random.SplitMix64;
import io.reckon.generator.random.ZipfSampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The advertisers, campaigns and ads that traffic is about, with skewed (Zipf) popularity at each level and a
 * price per campaign. Built from its own random stream, so changing traffic options never changes the catalog.
 */
public final class Catalog {

    /** How a campaign pays: per thousand impressions, or per click. The other event type costs nothing. */
    public enum PricingModel { CPM, CPC }

    /**
     * @param priceMicros for CPM the price of ONE impression (the CPM / 1000), for CPC the price of one click;
     *                    integer micros of {@code currency}
     */
    public record Campaign(String advertiserId, String campaignId, String currency, PricingModel model,
                           long priceMicros, List<String> adIds) {
    }

    /** Rough value of one US dollar in each currency, so prices look plausible; unknown currencies count as 1. */
    private static final Map<String, Double> PER_USD = Map.of(
            "USD", 1.0, "EUR", 0.92, "GBP", 0.79, "JPY", 150.0, "BRL", 5.0, "INR", 83.0, "CHF", 0.88, "CAD", 1.36);

    private final List<List<Campaign>> campaignsByAdvertiser;
    private final ZipfSampler advertiserPopularity;
    private final ZipfSampler campaignPopularity;
    private final ZipfSampler adPopularity;

    public Catalog(TrafficConfig config) {
        SplitMix64 random = SplitMix64.forPurpose(config.seed(), "catalog");
        ZipfSampler currencyMix = new ZipfSampler(config.currencies().size(), 1.2);
        campaignsByAdvertiser = new ArrayList<>(config.advertisers());
        for (int a = 0; a < config.advertisers(); a++) {
            String advertiserId = String.format("adv-%04d", a);
            List<Campaign> campaigns = new ArrayList<>(config.campaignsPerAdvertiser());
            for (int c = 0; c < config.campaignsPerAdvertiser(); c++) {
                String campaignId = String.format("cmp-%04d-%03d", a, c);
                String currency = config.currencies().get(currencyMix.sample(random));
                double perUsd = PER_USD.getOrDefault(currency, 1.0);
                PricingModel model = random.chance(0.6) ? PricingModel.CPM : PricingModel.CPC;
                // CPM 0.50 .. 20.00 USD per thousand impressions; CPC 0.10 .. 5.00 USD per click.
                double usd = model == PricingModel.CPM ? between(random, 0.50, 20.0) / 1000 : between(random, 0.10, 5.0);
                long priceMicros = Math.max(1, Math.round(usd * perUsd * 1_000_000));
                List<String> ads = new ArrayList<>(config.adsPerCampaign());
                for (int d = 0; d < config.adsPerCampaign(); d++) {
                    ads.add(String.format("ad-%04d-%03d-%03d", a, c, d));
                }
                campaigns.add(new Campaign(advertiserId, campaignId, currency, model, priceMicros, List.copyOf(ads)));
            }
            campaignsByAdvertiser.add(List.copyOf(campaigns));
        }
        advertiserPopularity = new ZipfSampler(config.advertisers(), config.zipfExponent());
        campaignPopularity = new ZipfSampler(config.campaignsPerAdvertiser(), config.zipfExponent());
        adPopularity = new ZipfSampler(config.adsPerCampaign(), config.zipfExponent());
    }

    /** A campaign by popularity: first the advertiser, then one of its campaigns. */
    public Campaign sampleCampaign(SplitMix64 random) {
        return campaignsByAdvertiser.get(advertiserPopularity.sample(random)).get(campaignPopularity.sample(random));
    }

    public String sampleAd(Campaign campaign, SplitMix64 random) {
        return campaign.adIds().get(adPopularity.sample(random));
    }

    public List<Campaign> campaigns() {
        return campaignsByAdvertiser.stream().flatMap(List::stream).toList();
    }

    private static double between(SplitMix64 random, double min, double max) {
        return min + (max - min) * random.nextDouble();
    }
}
