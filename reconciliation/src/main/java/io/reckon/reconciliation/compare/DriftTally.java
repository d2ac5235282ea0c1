package io.reckon.reconciliation.compare;

import io.reckon.schemas.version.Versions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Everything a comparison of a day measured: keys per class, drift per currency and per campaign, exact and Pinot
 * totals per currency, the highest batch version Pinot showed, and a few sample differences for the report.
 */
public final class DriftTally implements Consumer<KeyOutcome> {
    private final int maxSamples;
    private final EnumMap<KeyClass, Long> classes = new EnumMap<>(KeyClass.class);
    private final SortedMap<String, Drift> byCurrency = new TreeMap<>();
    private final Map<CampaignKey, Drift> byCampaign = new HashMap<>();
    private final SortedMap<String, Totals> exactTotals = new TreeMap<>();
    private final SortedMap<String, Totals> pinotTotals = new TreeMap<>();
    private final List<KeyOutcome> samples = new ArrayList<>();
    private long pinotRows;
    private long maxBatchVersion = -1;

    public DriftTally(int maxSamples) {
        this.maxSamples = maxSamples;
        for (KeyClass c : KeyClass.values()) {
            classes.put(c, 0L);
        }
    }

    @Override
    public void accept(KeyOutcome outcome) {
        classes.merge(outcome.keyClass(), 1L, Long::sum);
        String currency = outcome.key().currency();
        exactTotals.computeIfAbsent(currency, c -> new Totals()).add(outcome.exact());
        if (outcome.pinot() != null) {
            pinotRows++;
            pinotTotals.computeIfAbsent(currency, c -> new Totals()).add(outcome.pinot().counts());
            if (Versions.isBatch(outcome.pinot().version())) {
                maxBatchVersion = Math.max(maxBatchVersion, outcome.pinot().version());
            }
        }
        if (outcome.keyClass().isDifference()) {
            byCurrency.computeIfAbsent(currency, c -> new Drift()).add(outcome);
            byCampaign.computeIfAbsent(new CampaignKey(outcome.key().advertiserId(), outcome.key().campaignId(),
                    currency), c -> new Drift()).add(outcome);
            if (samples.size() < maxSamples) {
                samples.add(outcome);
            }
        }
    }

    public long count(KeyClass keyClass) {
        return classes.get(keyClass);
    }

    /** Keys whose values differ (missing, extra, values differ). */
    public long differences() {
        return count(KeyClass.MISSING_IN_PINOT) + count(KeyClass.EXTRA_IN_PINOT) + count(KeyClass.VALUES_DIFFER);
    }

    /** Keys that need a batch row: the differences plus the matching keys still carrying a speed version. */
    public long needingCorrection() {
        return differences() + count(KeyClass.RESTAMP);
    }

    public long comparedKeys() {
        return classes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Live Pinot rows of the day, all-zero ones included. */
    public long pinotRows() {
        return pinotRows;
    }

    public OptionalLong maxBatchVersion() {
        return maxBatchVersion < 0 ? OptionalLong.empty() : OptionalLong.of(maxBatchVersion);
    }

    public SortedMap<String, Drift> driftByCurrency() {
        return Collections.unmodifiableSortedMap(byCurrency);
    }

    /** Campaigns with drift, the largest absolute spend drift first. */
    public List<Map.Entry<CampaignKey, Drift>> driftByCampaign() {
        List<Map.Entry<CampaignKey, Drift>> list = new ArrayList<>(byCampaign.entrySet());
        list.sort((a, b) -> {
            int c = Long.compare(b.getValue().absSpendMicros(), a.getValue().absSpendMicros());
            if (c == 0) {
                c = Long.compare(b.getValue().keys(), a.getValue().keys());
            }
            return c != 0 ? c : CampaignKey.ORDER.compare(a.getKey(), b.getKey());
        });
        return list;
    }

    public SortedMap<String, Totals> exactTotals() {
        return Collections.unmodifiableSortedMap(exactTotals);
    }

    public SortedMap<String, Totals> pinotTotals() {
        return Collections.unmodifiableSortedMap(pinotTotals);
    }

    public List<KeyOutcome> samples() {
        return Collections.unmodifiableList(samples);
    }
}
