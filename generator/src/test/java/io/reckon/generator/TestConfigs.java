package io.reckon.generator;

import io.reckon.generator.traffic.Shares;
import io.reckon.generator.traffic.TrafficConfig;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Configs for tests: the command's defaults, with a fixed day and seed. */
public final class TestConfigs {
    public static final LocalDate DAY = LocalDate.of(2025, 11, 25);

    private TestConfigs() {
    }

    public static TrafficConfig day(long seed, long records) {
        return day(seed, records, Shares.DEFAULT);
    }

    public static TrafficConfig day(long seed, long records, Shares shares) {
        long start = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return new TrafficConfig(seed, records, start, start + 86_400_000L, 40, 5, 6, 1.1, 100_000,
                List.of("USD", "EUR", "GBP", "JPY", "BRL"), 0.03, shares, Duration.ofHours(2),
                Duration.ofMinutes(2), Duration.ofHours(2));
    }
}
