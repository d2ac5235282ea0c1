package io.reckon.dashboard.http;

import io.reckon.dashboard.access.Access;
import io.reckon.dashboard.finality.DayFinality;
import io.reckon.dashboard.finality.FinalityCache;
import io.reckon.dashboard.numbers.Amounts;
import io.reckon.dashboard.numbers.DashboardNumbers;
import io.reckon.dashboard.numbers.FinalView;
import io.reckon.dashboard.query.BadRequest;
import io.reckon.dashboard.query.Bucket;
import io.reckon.dashboard.query.Forbidden;
import io.reckon.dashboard.query.Identifiers;
import io.reckon.dashboard.query.RowFilter;
import io.reckon.dashboard.query.Scope;
import io.reckon.dashboard.query.TimeWindow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What each API call answers, apart from HTTP: parameters in, a JSON-shaped map out, or a {@link BadRequest} (400),
 * {@link Forbidden} (403) or {@link Unavailable} (503). Every amount is per currency and exact: integer micros as
 * JSON integers, and the same amount as an exact decimal string for readers whose JSON numbers are doubles.
 */
public final class DashboardApi {
    /** The longest range of a totals, days or top request. */
    static final Duration MAX_RANGE = Duration.ofDays(366);
    static final int MAX_TOP = 100;

    private final DashboardNumbers numbers;
    private final FinalityCache finality;
    private final Clock clock;

    public DashboardApi(DashboardNumbers numbers, FinalityCache finality) {
        this(numbers, finality, Clock.systemUTC());
    }

    /** @param clock what "the last N days" are counted back from (tests fix it) */
    public DashboardApi(DashboardNumbers numbers, FinalityCache finality, Clock clock) {
        this.numbers = numbers;
        this.finality = finality;
        this.clock = clock;
    }

    /** Who the key is. */
    public Map<String, Object> me(Access access) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", access.name());
        out.put("admin", access.admin());
        out.put("advertisers", access.advertisers());
        return out;
    }

    /** The advertisers the key may pick: its own, or (admin) those with rows in the last {@code days} days. */
    public Map<String, Object> advertisers(Access access, Function<String, String> param) {
        if (!access.admin()) {
            return Map.of("advertisers", access.advertisers());
        }
        int days = intParam(param, "days", 7, 1, 366);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        TimeWindow w = new TimeWindow(today.minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant(),
                today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        return Map.of("advertisers", numbers.advertisers(w));
    }

    public Map<String, Object> totals(Access access, Function<String, String> param) {
        Scope scope = scope(access, param);
        TimeWindow w = TimeWindow.parse(param.apply("day"), param.apply("from"), param.apply("to"), MAX_RANGE);
        RowFilter filter = RowFilter.of(scope);
        SortedMap<LocalDate, DayFinality> finals = finals();  // before Pinot: never judge older rows by a newer FINAL
        List<DashboardNumbers.Sums> sums = numbers.sums(filter, w, Bucket.DAY, split(w, finals));
        FinalView view = FinalView.of(finals, sums, DashboardNumbers.Sums::bucket, DashboardNumbers.Sums::versionClass);
        SortedMap<String, Amounts> counted = new TreeMap<>();
        SortedMap<String, Amounts> since = new TreeMap<>();
        for (DashboardNumbers.Sums x : sums) {
            (view.share(x.bucket(), x.versionClass()) == FinalView.Share.COUNTED ? counted : since)
                    .merge(x.currency(), x.amounts(), Amounts::plus);
        }
        Map<String, Object> currencies = new TreeMap<>();
        for (String c : union(counted.keySet(), since.keySet())) {
            Map<String, Object> m = amounts(counted.getOrDefault(c, Amounts.ZERO));
            Amounts s = since.getOrDefault(c, Amounts.ZERO);
            if (!s.isZero()) {
                m.put("since_final", amounts(s));
            }
            currencies.put(c, m);
        }
        Map<String, Object> out = header(scope, w);
        out.put("currencies", currencies);
        out.put("days", dayStatuses(access, filter, w, view));
        return out;
    }

    public Map<String, Object> series(Access access, Function<String, String> param) {
        Scope scope = scope(access, param);
        Bucket bucket = Bucket.parse(param.apply("bucket"));
        TimeWindow w = TimeWindow.parse(param.apply("day"), param.apply("from"), param.apply("to"), bucket.maxRange());
        SortedMap<LocalDate, DayFinality> finals = finals();
        List<DashboardNumbers.Sums> sums = numbers.sums(RowFilter.of(scope), w, bucket, split(w, finals));
        FinalView view = FinalView.of(finals, sums, DashboardNumbers.Sums::bucket, DashboardNumbers.Sums::versionClass);
        SortedMap<String, SortedMap<Instant, Amounts>> points = new TreeMap<>();
        for (DashboardNumbers.Sums x : sums) {
            if (view.share(x.bucket(), x.versionClass()) == FinalView.Share.COUNTED) {
                points.computeIfAbsent(x.currency(), c -> new TreeMap<>()).merge(x.bucket(), x.amounts(), Amounts::plus);
            }
        }
        Map<String, Object> currencies = new TreeMap<>();
        points.forEach((currency, byStart) -> {
            List<Map<String, Object>> list = new ArrayList<>();
            byStart.forEach((start, a) -> {
                FinalView.Status status = view.status(LocalDate.ofInstant(start, ZoneOffset.UTC));
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("start", start.toString());
                p.put("final", status == FinalView.Status.FINAL);
                p.put("status", status.name());
                p.putAll(amounts(a));
                list.add(p);
            });
            currencies.put(currency, list);
        });
        Map<String, Object> out = header(scope, w);
        out.put("bucket", bucket.name().toLowerCase(Locale.ROOT));
        out.put("currencies", currencies);
        return out;
    }

    public Map<String, Object> top(Access access, Function<String, String> param) {
        LocalDate day = TimeWindow.parseDay("day", required(param, "day"));
        String levelName = Optional.ofNullable(param.apply("level")).orElse("campaign");
        DashboardNumbers.Level level = switch (levelName) {
            case "campaign" -> DashboardNumbers.Level.CAMPAIGN;
            case "ad" -> DashboardNumbers.Level.AD;
            default -> throw new BadRequest("level must be campaign or ad");
        };
        int n = intParam(param, "n", 10, 1, MAX_TOP);
        RowFilter filter = RowFilter.advertisers(advertisersOf(access, param.apply("advertiser")));
        TimeWindow w = TimeWindow.ofDay(day);
        SortedMap<LocalDate, DayFinality> finals = finals();
        List<DashboardNumbers.KeyedSums> keyed = numbers.byKey(filter, w, level, split(w, finals));
        FinalView view = FinalView.of(finals, keyed, k -> w.from(), DashboardNumbers.KeyedSums::versionClass);
        // currency -> (advertiser, campaign, ad) -> the counted amounts
        Map<String, Map<List<String>, Amounts>> sums = new TreeMap<>();
        for (DashboardNumbers.KeyedSums k : keyed) {
            if (view.share(day, k.versionClass()) == FinalView.Share.COUNTED) {
                sums.computeIfAbsent(k.currency(), c -> new LinkedHashMap<>())
                        .merge(List.of(k.advertiser(), k.campaign(), k.ad().orElse("")), k.amounts(), Amounts::plus);
            }
        }
        Map<String, Object> currencies = new TreeMap<>();
        Comparator<Map.Entry<List<String>, Amounts>> bySpend = Comparator
                .comparingLong((Map.Entry<List<String>, Amounts> e) -> e.getValue().spendMicros()).reversed()
                .thenComparing(e -> String.join("\u001f", e.getKey()));
        sums.forEach((currency, byKey) -> currencies.put(currency, byKey.entrySet().stream()
                .filter(e -> !e.getValue().isZero())  // an all-zero row means absent
                .sorted(bySpend).limit(n).map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("advertiser", e.getKey().get(0));
                    m.put("campaign", e.getKey().get(1));
                    if (level == DashboardNumbers.Level.AD) {
                        m.put("ad", e.getKey().get(2));
                    }
                    m.putAll(amounts(e.getValue()));
                    return m;
                }).toList()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", day.toString());
        out.put("timezone", "UTC");
        out.put("level", levelName);
        out.put("status", view.status(day).name());
        out.put("currencies", currencies);
        return out;
    }

    public Map<String, Object> days(Access access, Function<String, String> param) {
        TimeWindow w = TimeWindow.parse(param.apply("day"), param.apply("from"), param.apply("to"), MAX_RANGE);
        RowFilter filter = RowFilter.advertisers(advertisersOf(access, param.apply("advertiser")));
        SortedMap<LocalDate, DayFinality> finals = finals();
        List<DashboardNumbers.Sums> sums = numbers.sums(filter, w, Bucket.DAY, split(w, finals));
        FinalView view = FinalView.of(finals, sums, DashboardNumbers.Sums::bucket, DashboardNumbers.Sums::versionClass);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timezone", "UTC");
        out.put("days", dayStatuses(access, filter, w, view));
        return out;
    }

    /**
     * Each day's status: FINAL with its version, when, and (admin keys only: it is the whole day's, every advertiser's)
     * the drift reconciliation corrected; REVISING (FINAL, a newer reconciliation under way); or PROVISIONAL with how
     * fresh the rows are.
     */
    private List<Map<String, Object>> dayStatuses(Access access, RowFilter filter, TimeWindow w, FinalView view) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<LocalDate> open = w.days().stream().filter(d -> view.status(d) != FinalView.Status.FINAL).toList();
        // Only the days that are not FINAL need their freshness: asked over their span, not the whole window (a
        // month with today open scans a day of rows, not thirty).
        SortedMap<LocalDate, DashboardNumbers.Freshness> fresh = open.isEmpty() ? new TreeMap<>()
                : numbers.freshness(filter, span(w, open.get(0), open.get(open.size() - 1)));
        for (LocalDate day : w.days()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("day", day.toString());
            FinalView.Status status = view.status(day);
            m.put("status", status.name());
            DayFinality f = view.finality(day);
            if (f != null) {
                m.put("final_version", f.finalVersion());
                // the same as text: near 2^62 a reader's double cannot tell versions apart
                m.put("final_version_text", Long.toString(f.finalVersion()));
                m.put("finalized_at", Instant.ofEpochMilli(f.finalizedAt()).toString());
                m.put("forced", f.forced());
                if (access.admin()) {
                    Map<String, Object> drift = new TreeMap<>();
                    f.driftByCurrency().forEach((c, d) -> {
                        Map<String, Object> x = new LinkedHashMap<>();
                        x.put("differing_keys", d.differingKeys());
                        x.put("impressions", d.impressions());
                        x.put("clicks", d.clicks());
                        x.put("spend_micros", d.spendMicros());
                        x.put("spend", Money.decimal(d.spendMicros()));
                        drift.put(c, x);
                    });
                    m.put("drift", drift);
                }
            }
            if (status == FinalView.Status.REVISING) {
                m.put("note", "a newer reconciliation of this FINAL day is under way: its numbers are provisional until"
                        + " it is FINAL; version " + f.finalVersion() + " stays in its billing export");
            }
            DashboardNumbers.Freshness fr = fresh.get(day);
            if (status != FinalView.Status.FINAL && fr != null) {
                m.put("newest_window_start", Instant.ofEpochMilli(fr.newestWindowStart()).toString());
                m.put("updated_at", Instant.ofEpochMilli(fr.newestUpdatedAt()).toString());
            }
            out.add(m);
        }
        return out;
    }

    /** The part of {@code w} from the start of {@code first} to the end of {@code last} (UTC days of it). */
    static TimeWindow span(TimeWindow w, LocalDate first, LocalDate last) {
        Instant from = TimeWindow.ofDay(first).from();
        Instant to = TimeWindow.ofDay(last).to();
        return new TimeWindow(from.isAfter(w.from()) ? from : w.from(), to.isBefore(w.to()) ? to : w.to());
    }

    private SortedMap<LocalDate, DayFinality> finals() {
        // The reason (HiveServer2's address and error) is in the server's log, not in the answer.
        return finality.state().map(FinalityCache.State::finalDays).orElseThrow(() -> new Unavailable(
                "which days are FINAL is not known yet (the reconciliation tables could not be read); try again shortly"));
    }

    /** By version where every day of the window is FINAL (cheaper for Pinot), else by version class. */
    private static DashboardNumbers.VersionSplit split(TimeWindow w, SortedMap<LocalDate, DayFinality> finals) {
        return w.days().stream().allMatch(finals::containsKey) ? DashboardNumbers.VersionSplit.VERSION
                : DashboardNumbers.VersionSplit.CLASS;
    }

    /** The request's scope, if the key may read its advertiser (403 otherwise, existing or not). */
    private static Scope scope(Access access, Function<String, String> param) {
        Scope scope = Scope.parse(param.apply("advertiser"), param.apply("campaign"), param.apply("ad"));
        if (!access.mayRead(scope.advertiser())) {
            throw new Forbidden();
        }
        return scope;
    }

    /** One advertiser (if the key may read it), else the key's own, else (admin) all. */
    private static Optional<Set<String>> advertisersOf(Access access, String advertiser) {
        if (advertiser != null) {
            Identifiers.check("advertiser", advertiser);
            if (!access.mayRead(advertiser)) {
                throw new Forbidden();
            }
            return Optional.of(Set.of(advertiser));
        }
        return access.admin() ? Optional.empty() : Optional.of(access.advertisers());
    }

    private static Map<String, Object> header(Scope scope, TimeWindow w) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("advertiser", scope.advertiser());
        scope.campaign().ifPresent(c -> out.put("campaign", c));
        scope.ad().ifPresent(a -> out.put("ad", a));
        out.put("from", w.from().toString());
        out.put("to", w.to().toString());
        out.put("timezone", "UTC");
        return out;
    }

    static Map<String, Object> amounts(Amounts a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impressions", a.impressions());
        m.put("clicks", a.clicks());
        m.put("spend_micros", a.spendMicros());
        m.put("spend", Money.decimal(a.spendMicros()));
        return m;
    }

    private static java.util.SortedSet<String> union(Set<String> a, Set<String> b) {
        java.util.SortedSet<String> u = new java.util.TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static String required(Function<String, String> param, String name) {
        String v = param.apply(name);
        if (v == null) {
            throw new BadRequest(name + " is required");
        }
        return v;
    }

    private static int intParam(Function<String, String> param, String name, int dflt, int min, int max) {
        String v = param.apply(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new BadRequest(name + " must be a whole number from " + min + " to " + max);
    }
}
