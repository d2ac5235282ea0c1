package io.reckon.generator.traffic;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything that determines the generated traffic. Two runs with equal configs produce identical records.
 *
 * @param records           total records to send, including duplicates and invalid ones
 * @param startMillis       record timestamp of the first record (epoch ms, UTC)
 * @param endMillis         record timestamps are spread evenly over [startMillis, endMillis)
 * @param currencies        currencies campaigns bill in, the first ones most common
 * @param clickShare        fraction of fresh events that are clicks
 * @param lateDuplicateDelay minimum time between an original and its late re-send
 * @param veryLateDelay     minimum lateness of a very late event (they are 1 to 3 times this late)
 */
public record TrafficConfig(
        long seed,
        long records,
        long startMillis,
        long endMillis,
        int advertisers,
        int campaignsPerAdvertiser,
        int adsPerCampaign,
        double zipfExponent,
        int users,
        List<String> currencies,
        double clickShare,
        Shares shares,
        Duration lateDuplicateDelay,
        Duration outOfOrderMax,
        Duration veryLateDelay) {

    public TrafficConfig {
        Objects.requireNonNull(currencies, "currencies");
        Objects.requireNonNull(shares, "shares");
        currencies = List.copyOf(currencies);
        require(records >= 0, "records must not be negative");
        require(endMillis > startMillis, "the time range is empty");
        require(startMillis >= 0, "record timestamps must not be negative");
        require(advertisers > 0 && campaignsPerAdvertiser > 0 && adsPerCampaign > 0, "catalog sizes must be positive");
        require(advertisers <= 999_999 && campaignsPerAdvertiser <= 9_999 && adsPerCampaign <= 9_999,
                "catalog sizes are too large");
        require(users > 0, "users must be positive");
        require(!currencies.isEmpty(), "at least one currency");
        require(clickShare >= 0 && clickShare <= 1, "click share must be in [0, 1]");
        require(zipfExponent >= 0, "zipf exponent must not be negative");
        require(!lateDuplicateDelay.isNegative(), "late duplicate delay must not be negative");
        require(!outOfOrderMax.isNegative() && outOfOrderMax.compareTo(Duration.ofDays(1)) <= 0,
                "out-of-order max must be in [0, 1 day]");
        require(!veryLateDelay.isNegative() && veryLateDelay.multipliedBy(3).compareTo(Duration.ofDays(6)) <= 0,
                "very late delay must be at most 2 days (events are up to 3 times that late, within the 7-day window)");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
