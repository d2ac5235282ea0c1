package io.reckon.dashboard.numbers;

import io.reckon.dashboard.query.Bucket;
import io.reckon.dashboard.query.Scope;
import io.reckon.dashboard.query.TimeWindow;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * {@link DashboardNumbers} over rows held in memory, as Pinot's upsert table shows them: one row per key (the highest
 * version wins). It applies a {@link RowSelection}'s segments itself, so tests of the API check the selection too.
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

    private static boolean selected(Row r, RowSelection selection) {
        return selection.segments().stream().anyMatch(s -> !r.windowStart.isBefore(s.window().from())
                && r.windowStart.isBefore(s.window().to()) && r.version >= s.minVersion() && r.version <= s.maxVersion());
    }

    private static Predicate<Row> in(Scope scope) {
        return r -> r.advertiser.equals(scope.advertiser()) && scope.campaign().map(r.campaign::equals).orElse(true)
                && scope.ad().map(r.ad::equals).orElse(true);
    }

    private static Predicate<Row> of(Optional<Set<String>> advertisers) {
        return r -> advertisers.map(a -> a.contains(r.advertiser)).orElse(true);
    }

    @Override
    public SortedMap<String, Amounts> totals(Scope scope, RowSelection selection) {
        SortedMap<String, Amounts> out = new TreeMap<>();
        rows.values().stream().filter(in(scope)).filter(r -> selected(r, selection))
                .forEach(r -> out.merge(r.currency, r.amounts, Amounts::plus));
        return out;
    }

    @Override
    public SortedMap<String, SortedMap<Instant, Amounts>> series(Scope scope, Bucket bucket, RowSelection selection) {
        ChronoUnit unit = switch (bucket) {
            case MINUTE -> ChronoUnit.MINUTES;
            case HOUR -> ChronoUnit.HOURS;
            case DAY -> ChronoUnit.DAYS;
        };
        SortedMap<String, SortedMap<Instant, Amounts>> out = new TreeMap<>();
        rows.values().stream().filter(in(scope)).filter(r -> selected(r, selection)).forEach(r -> out
                .computeIfAbsent(r.currency, c -> new TreeMap<>()).merge(r.windowStart.truncatedTo(unit), r.amounts,
                        Amounts::plus));
        return out;
    }

    @Override
    public SortedMap<String, List<Ranked>> top(Optional<Set<String>> advertisers, Level level, int n, RowSelection selection) {
        Map<String, Map<List<String>, Amounts>> sums = new TreeMap<>();
        rows.values().stream().filter(of(advertisers)).filter(r -> selected(r, selection)).forEach(r -> sums
                .computeIfAbsent(r.currency, c -> new LinkedHashMap<>())
                .merge(level == Level.AD ? List.of(r.advertiser, r.campaign, r.ad) : List.of(r.advertiser, r.campaign),
                        r.amounts, Amounts::plus));
        SortedMap<String, List<Ranked>> out = new TreeMap<>();
        sums.forEach((currency, byKey) -> {
            List<Ranked> ranked = new ArrayList<>();
            byKey.forEach((k, a) -> ranked.add(new Ranked(k.get(0), k.get(1),
                    level == Level.AD ? Optional.of(k.get(2)) : Optional.empty(), a)));
            ranked.sort(Comparator.comparingLong((Ranked x) -> x.amounts().spendMicros()).reversed());
            out.put(currency, ranked.subList(0, Math.min(n, ranked.size())));
        });
        return out;
    }

    @Override
    public Optional<Freshness> freshness(Optional<Set<String>> advertisers, TimeWindow window) {
        List<Row> in = rows.values().stream().filter(of(advertisers))
                .filter(r -> !r.windowStart.isBefore(window.from()) && r.windowStart.isBefore(window.to())).toList();
        if (in.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Freshness(in.stream().mapToLong(r -> r.windowStart.toEpochMilli()).max().orElseThrow(),
                in.stream().mapToLong(Row::updatedAt).max().orElseThrow()));
    }

    @Override
    public SortedSet<String> advertisers(TimeWindow window) {
        SortedSet<String> out = new TreeSet<>();
        rows.values().stream().filter(r -> !r.windowStart.isBefore(window.from()) && r.windowStart.isBefore(window.to()))
                .forEach(r -> out.add(r.advertiser));
        return out;
    }
}
