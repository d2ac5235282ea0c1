package io.reckon.dashboard.numbers;

import io.reckon.dashboard.query.Bucket;
import io.reckon.dashboard.query.RowFilter;
import io.reckon.dashboard.query.TimeWindow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * {@link DashboardNumbers} over rows held in memory, as Pinot's upsert table shows them: one row per key (the highest
 * version wins), summed as Pinot sums them: per currency, bucket or key, and version class.
 */
public final class MemoryNumbers implements DashboardNumbers {
    public record Row(String advertiser, String campaign, String ad, String currency, Instant windowStart,
                      long version, Amounts amounts, long updatedAt) {
    }

    private final Map<List<Object>, Row> rows = new LinkedHashMap<>();

    /** Upserts a row: kept only if its version is higher than the key's current one, as Pinot does. */
    public MemoryNumbers put(Row r) {
        List<Object> key = List.of(r.advertiser, r.campaign, r.ad, r.currency, r.windowStart);
        Row current = rows.get(key);
        if (current == null || current.version < r.version) {
            rows.put(key, r);
        }
        return this;
    }

    private static Predicate<Row> in(RowFilter f, TimeWindow w) {
        return r -> f.advertisers().map(a -> a.contains(r.advertiser)).orElse(true)
                && f.campaign().map(r.campaign::equals).orElse(true) && f.ad().map(r.ad::equals).orElse(true)
                && !r.windowStart.isBefore(w.from()) && r.windowStart.isBefore(w.to());
    }

    @Override
    public List<Sums> sums(RowFilter filter, TimeWindow window, Bucket bucket, VersionSplit split) {
        ChronoUnit unit = switch (bucket) {
            case MINUTE -> ChronoUnit.MINUTES;
            case HOUR -> ChronoUnit.HOURS;
            case DAY -> ChronoUnit.DAYS;
        };
        Map<List<Object>, Amounts> out = new LinkedHashMap<>();
        rows.values().stream().filter(in(filter, window)).forEach(r -> out.merge(List.of(r.currency,
                r.windowStart.truncatedTo(unit), split == VersionSplit.VERSION ? r.version : FinalView.versionClass(r.version)),
                r.amounts, Amounts::plus));
        List<Sums> list = new ArrayList<>();
        out.forEach((k, a) -> list.add(new Sums((String) k.get(0), (Instant) k.get(1),
                FinalView.versionClass((Long) k.get(2)), a)));
        return list;
    }

    @Override
    public List<KeyedSums> byKey(RowFilter filter, TimeWindow window, Level level, VersionSplit split) {
        Map<List<Object>, Amounts> out = new LinkedHashMap<>();
        rows.values().stream().filter(in(filter, window)).forEach(r -> out.merge(List.of(r.currency, r.advertiser,
                r.campaign, level == Level.AD ? r.ad : "", split == VersionSplit.VERSION ? r.version
                        : FinalView.versionClass(r.version)), r.amounts, Amounts::plus));
        List<KeyedSums> list = new ArrayList<>();
        out.forEach((k, a) -> list.add(new KeyedSums((String) k.get(0), (String) k.get(1), (String) k.get(2),
                level == Level.AD ? Optional.of((String) k.get(3)) : Optional.empty(),
                FinalView.versionClass((Long) k.get(4)), a)));
        return list;
    }

    /** The windows {@link #freshness} was asked for, in order. */
    public final List<TimeWindow> freshnessWindows = new java.util.ArrayList<>();

    @Override
    public SortedMap<LocalDate, Freshness> freshness(RowFilter filter, TimeWindow window) {
        freshnessWindows.add(window);
        SortedMap<LocalDate, Freshness> out = new TreeMap<>();
        rows.values().stream().filter(in(filter, window)).forEach(r -> out.merge(
                LocalDate.ofInstant(r.windowStart, ZoneOffset.UTC), new Freshness(r.windowStart.toEpochMilli(), r.updatedAt),
                (a, b) -> new Freshness(Math.max(a.newestWindowStart(), b.newestWindowStart()),
                        Math.max(a.newestUpdatedAt(), b.newestUpdatedAt()))));
        return out;
    }

    @Override
    public SortedSet<String> advertisers(TimeWindow window) {
        SortedSet<String> out = new TreeSet<>();
        rows.values().stream().filter(in(RowFilter.advertisers(Optional.empty()), window)).forEach(r -> out.add(r.advertiser));
        return out;
    }
}
