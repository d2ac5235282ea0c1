package io.reckon.batch;

import io.reckon.schemas.definitions.Topics;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What one run computes and where.
 *
 * @param hiveServer2Url when set, the job sends REFRESH TABLE for the tables it wrote to this HiveServer2
 * @param markerName     the completeness marker file name (see {@link MarkerFileCompleteness})
 * @param sourceTopic    the Kafka topic the archive holds (the {@code topic} of dead letters)
 * @param keyIndex       find the other copies of the day's ids through {@link KeyIndex} (else by reading every key
 *                       of the archive in the window, as before the index)
 */
public record BatchOptions(LocalDate day, HourRange hours, boolean force, TableNames tables, String sourceTopic,
                           ArchiveWindow window, String markerName, String hiveServer2Url,
                           boolean keyIndex) {
    public BatchOptions {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(hours, "hours");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(markerName, "markerName");
    }

    public static BatchOptions of(LocalDate day, TableNames tables) {
        return new BatchOptions(day, HourRange.FULL_DAY, false, tables, Topics.AD_EVENTS, ArchiveWindow.UNBOUNDED,
                MarkerFileCompleteness.DEFAULT_MARKER, null, true);
    }

    public BatchOptions withForce(boolean value) {
        return new BatchOptions(day, hours, value, tables, sourceTopic, window, markerName, hiveServer2Url, keyIndex);
    }

    public BatchOptions withHours(HourRange value) {
        return new BatchOptions(day, value, force, tables, sourceTopic, window, markerName, hiveServer2Url, keyIndex);
    }

    public BatchOptions withHiveServer2Url(String value) {
        return new BatchOptions(day, hours, force, tables, sourceTopic, window, markerName, value, keyIndex);
    }

    public BatchOptions withKeyIndex(boolean value) {
        return new BatchOptions(day, hours, force, tables, sourceTopic, window, markerName, hiveServer2Url, value);
    }

    public BatchOptions withDay(LocalDate value) {
        return new BatchOptions(value, hours, force, tables, sourceTopic, window, markerName, hiveServer2Url, keyIndex);
    }
}
