package io.reckon.dashboard.query;

import java.time.Duration;
import java.util.Locale;

/** A time series' bucket, UTC, with the longest range a request may ask for at that bucket. */
public enum Bucket {
    MINUTE(Duration.ofMinutes(1), Duration.ofDays(2)),
    HOUR(Duration.ofHours(1), Duration.ofDays(31)),
    DAY(Duration.ofDays(1), Duration.ofDays(366));

    private final Duration width;
    private final Duration maxRange;

    Bucket(Duration width, Duration maxRange) {
        this.width = width;
        this.maxRange = maxRange;
    }

    public Duration width() {
        return width;
    }

    public Duration maxRange() {
        return maxRange;
    }

    /** Pinot's DATETRUNC unit. */
    public String pinotUnit() {
        return name();
    }

    public static Bucket parse(String value) {
        if (value == null) {
            return HOUR;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("bucket must be minute, hour or day");
        }
    }
}
