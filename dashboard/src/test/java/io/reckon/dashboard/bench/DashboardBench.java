package io.reckon.dashboard.bench;

import io.reckon.dashboard.access.ApiKeys;
import io.reckon.dashboard.finality.FinalityCache;
import io.reckon.dashboard.finality.HiveFinality;
import io.reckon.dashboard.http.DashboardApi;
import io.reckon.dashboard.http.DashboardServer;
import io.reckon.dashboard.numbers.PinotNumbers;
import io.reckon.platform.pinot.PinotBroker;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.schemas.version.Versions;
import io.reckon.stack.instance.PipelineInstance;
import io.reckon.stack.location.StackLocation;
import io.reckon.stack.provision.PinotAdmin;
import io.reckon.stack.testkit.AggregatesProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static io.reckon.stack.testkit.BenchClock.loadAverage;
import static io.reckon.stack.testkit.BenchClock.secs;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's API under load, on the local stack, in a pipeline of its own (dropped afterwards): 30 days of rows,
 * 29 of them FINAL with 20,000 keys each and one PROVISIONAL day of 1,000,000 events (250,000 keys of 4 events);
 * then 20 concurrent readers on two views: a campaign's day (totals and its per-minute series) and an advertiser's
 * month (totals and its daily series over the 30 days). Latencies p50/p99 per call, appended to
 * bench/dashboard/results.md. Not a test.
 */
public final class DashboardBench {
    private static final int DAYS = 30;
    private static final int KEYS_PER_DAY = 20_000;
    private static final int BIG_DAY_KEYS = 250_000;
    private static final int EVENTS_PER_BIG_KEY = 4;
    private static final int COMBOS = 2_000;  // 20 advertisers x 10 campaigns x 5 ads x 2 currencies
    private static final int READERS = 20;
    private static final Duration WARMUP = Duration.ofSeconds(10);
    private static final Duration MEASURE = Duration.ofSeconds(45);
    private static final String KEY = "bench-admin-secret-0123456789";

    private final Path stackDir;
    private final Properties stack;
    private final String namespace = "dashbench_" + Long.toHexString(System.nanoTime());
    private final LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(DAYS + 2L);
    private final List<String> lines = new ArrayList<>();

    private DashboardBench(Path stackDir) {
        this.stackDir = stackDir;
        this.stack = StackLocation.endpoints(stackDir);
    }

    public static void main(String[] args) throws Exception {
        Path stackDir = Path.of(args[0]);
        Path results = Path.of(args[1]);
        DashboardBench bench = new DashboardBench(stackDir);
        if (bench.stack.isEmpty()) {
            throw new IllegalStateException("bench: no local stack in " + stackDir + " (bin/reckon stack up)");
        }
        bench.line("");
        bench.line("## %s, load average %s", Instant.now(), loadAverage());
        try {
            bench.run();
        } finally {
            bench.cleanUp();
        }
        Files.writeString(results, String.join("\n", bench.lines) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void run() throws Exception {
        long t = System.nanoTime();
        Path dir = PipelineInstance.create(stackDir, namespace, PipelineInstance.defaultDir(stackDir, namespace),
                new PrintStream(PrintStream.nullOutputStream()));
        Properties p = StackLocation.endpoints(dir);
        PipelineNames names = PipelineNames.from(p);
        line("- pipeline `%s` provisioned in %.1f s", namespace, secs(t));

        t = System.nanoTime();
        long rows = produce(p.getProperty("kafka.bootstrap"), names.aggregatesTopic());
        double produced = secs(t);
        PinotBroker broker = new PinotBroker(p.getProperty("pinot.broker.url").replaceFirst("^https?://", ""));
        long t2 = System.nanoTime();
        awaitCount(broker, names.pinotTable(), rows);
        line("- seeded %,d rows (%d days: %d FINAL x %,d keys, and one PROVISIONAL day of %,d events in %,d keys) in"
                        + " %.1f s, all live in Pinot %.1f s later", rows, DAYS, DAYS - 1, KEYS_PER_DAY,
                BIG_DAY_KEYS * EVENTS_PER_BIG_KEY, BIG_DAY_KEYS, produced, secs(t2));

        t = System.nanoTime();
        try (Connection hive = DriverManager.getConnection(p.getProperty("hive.jdbc.url"), "bench", "");
             Statement st = hive.createStatement()) {
            StringBuilder values = new StringBuilder();
            for (int d = 0; d < DAYS - 1; d++) {
                values.append(d == 0 ? "" : ", ").append("('").append(first.plusDays(d)).append("', ")
                        .append(finalVersion(d)).append(")");
            }
            st.execute("INSERT INTO " + names.hiveDatabase() + ".final_days SELECT dt, v, v - " + Versions.BATCH_BASE
                    + ", concat('recon-bench-', dt), 'batch-bench', map(CAST(0 AS INT), CAST(0 AS BIGINT)),"
                    + " CAST(NULL AS BIGINT), CAST(0 AS BIGINT), CAST(" + KEYS_PER_DAY + " AS BIGINT), CAST(0 AS BIGINT),"
                    + " CAST(0 AS BIGINT), map('USD', CAST(0 AS BIGINT)), CAST(0 AS BIGINT), false FROM VALUES "
                    + values + " AS f(dt, v)");
        }
        line("- %d final_days rows through HiveServer2 in %.1f s", DAYS - 1, secs(t));

        try (FinalityCache finality = FinalityCache.refreshedEvery(new HiveFinality(p.getProperty("hive.jdbc.url"),
                names.hiveDatabase()), Duration.ofMinutes(10));
             DashboardServer server = DashboardServer.start(new DashboardApi(new PinotNumbers(broker,
                     names.pinotTable()), finality), ApiKeys.parse("bench " + KEY + " admin"), "127.0.0.1", 0)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> finality.state().isPresent());
            String base = "http://127.0.0.1:" + server.port() + "/api/v1/";
            String month = "&from=" + first + "&to=" + first.plusDays(DAYS);
            line("- per view: %d s warm-up, then 1 reader for %d s and %d readers for %d s, each reader issuing the view's"
                            + " calls back to back; the server in this JVM (-Xmx%d MB), Pinot %s", WARMUP.toSeconds(),
                    MEASURE.dividedBy(3).toSeconds(), READERS, MEASURE.toSeconds(), Runtime.getRuntime().maxMemory() >> 20,
                    p.getProperty("pinot.broker.url"));
            line("");
            line("| view | call | readers | requests | p50 ms | p99 ms | max ms | target p99 |");
            line("|---|---|---|---|---|---|---|---|");
            view(base, "campaign-day", "150 ms", i -> {
                int combo = i % COMBOS;
                LocalDate day = first.plusDays(i % DAYS);
                String q = "advertiser=" + adv(combo) + "&campaign=" + campaign(combo) + "&day=" + day;
                return new String[] {"totals?" + q, "series?bucket=minute&" + q};
            });
            view(base, "advertiser-month", "500 ms", i -> {
                String q = "advertiser=" + adv(i % COMBOS) + month;
                return new String[] {"totals?" + q, "series?bucket=day&" + q};
            });
            line("");
            line("- load average after: %s", loadAverage());
        }
    }

    /**
     * The view's calls by one reader (the unloaded latency), then by {@link #READERS} readers at once, each for
     * {@link #MEASURE} after a warm-up, in the same run so that the two can be compared.
     */
    private void view(String base, String name, String target, IntFunction<String[]> calls) throws Exception {
        run(base, calls, WARMUP, READERS);
        for (int readers : new int[] {1, READERS}) {
            List<long[]> perCall = run(base, calls, readers == 1 ? MEASURE.dividedBy(3) : MEASURE, readers);
            String[] sample = calls.apply(0);
            for (int c = 0; c < sample.length; c++) {
                long[] l = perCall.get(c);
                Arrays.sort(l);
                line("| %s | `%s` | %d | %,d | %.1f | %.1f | %.1f | %s |", name,
                        sample[c].substring(0, sample[c].indexOf('?')), readers, l.length, l[l.length / 2] / 1e6,
                        l[(int) Math.min(l.length - 1, Math.ceil(l.length * 0.99) - 1)] / 1e6, l[l.length - 1] / 1e6,
                        readers == READERS ? target : "");
            }
        }
    }

    private List<long[]> run(String base, IntFunction<String[]> calls, Duration length, int readers) throws Exception {
        int n = calls.apply(0).length;
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        long end = System.nanoTime() + length.toNanos();
        List<Future<List<List<Long>>>> futures = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            int reader = r;
            futures.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                SplittableRandom random = new SplittableRandom(reader);
                List<List<Long>> out = new ArrayList<>();
                for (int c = 0; c < n; c++) {
                    out.add(new ArrayList<>());
                }
                while (System.nanoTime() < end) {
                    String[] view = calls.apply(random.nextInt(1 << 30));
                    for (int c = 0; c < n; c++) {
                        long s = System.nanoTime();
                        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(base + view[c]))
                                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - s;
                        if (resp.statusCode() != 200) {
                            throw new IllegalStateException("bench: " + view[c] + " answered " + resp.statusCode()
                                    + ": " + resp.body());
                        }
                        out.get(c).add(took);
                    }
                }
                return out;
            }));
        }
        List<List<Long>> all = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            all.add(new ArrayList<>());
        }
        for (Future<List<List<Long>>> f : futures) {
            List<List<Long>> got = f.get();
            for (int c = 0; c < n; c++) {
                all.get(c).addAll(got.get(c));
            }
        }
        pool.shutdown();
        List<long[]> out = new ArrayList<>();
        all.forEach(l -> out.add(l.stream().mapToLong(Long::longValue).toArray()));
        return out;
    }

    // ---- the synthetic month ------------------------------------------------------------------------------------

    private static String adv(int combo) {
        return String.format(Locale.ROOT, "adv-%02d", combo % 20);
    }

    private static String campaign(int combo) {
        return String.format(Locale.ROOT, "cmp-%02d-%02d", combo % 20, (combo / 20) % 10);
    }

    private static long finalVersion(int day) {
        return Versions.BATCH_BASE + 1000 + day;
    }

    private long produce(String bootstrap, String topic) {
        long rows = 0;
        try (AggregatesProducer producer = AggregatesProducer.open(bootstrap, "bench-" + topic, AggregatesProducer.BULK)) {
            for (int d = 0; d < DAYS; d++) {
                producer.begin();
                boolean big = d == DAYS - 1;
                long dayStart = first.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                int keys = big ? BIG_DAY_KEYS : KEYS_PER_DAY;
                int perSlot = big ? 11 : 144;
                for (int i = 0; i < keys; i++) {
                    int combo = i % COMBOS;
                    int slot = i / COMBOS;
                    long minute = (long) slot * perSlot + combo % perSlot;
                    GrainKey k = new GrainKey(adv(combo), campaign(combo),
                            String.format(Locale.ROOT, "ad-%02d-%02d-%d", combo % 20, (combo / 20) % 10, (combo / 200) % 5),
                            combo < 1000 ? "USD" : "EUR", dayStart + minute * 60_000L);
                    long imp = big ? EVENTS_PER_BIG_KEY : 1 + i % 7;
                    long spend = 1_000 + (i * 7_919L) % 5_000_000L;
                    long version = big ? Versions.speed(System.currentTimeMillis()) : finalVersion(d);
                    AggregateRow row = new AggregateRow(k, imp, i % 3 == 0 ? 1 : 0, spend, version,
                            Versions.sourceOf(version), System.currentTimeMillis());
                    producer.send(topic, row);
                    rows++;
                }
                producer.commit();
            }
        }
        return rows;
    }

    private static void awaitCount(PinotBroker broker, String table, long expected) {
        // ignoreExceptions: the table's consuming segments are still starting
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> broker.queryLong("SELECT COUNT(*) FROM " + PinotBroker.table(table)) == expected);
    }

    private void cleanUp() {
        PipelineNames names = PipelineNames.from(StackLocation.endpoints(PipelineInstance.defaultDir(stackDir, namespace)));
        try {
            PinotAdmin pinot = new PinotAdmin(stack.getProperty("pinot.controller.url"));
            pinot.deleteTable(names.pinotTable());
            pinot.deleteSchema(names.pinotTable());
        } catch (RuntimeException e) {
            System.err.println("bench: Pinot table not deleted: " + e.getMessage());
        }
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.getProperty("kafka.bootstrap"));
        try (Admin admin = Admin.create(p)) {
            admin.deleteTopics(List.of(names.eventsTopic(), names.aggregatesTopic(), names.deadLetterTopic())).all().get();
        } catch (Exception e) {
            System.err.println("bench: topics not deleted: " + e.getMessage());
        }
        try (Connection hive = DriverManager.getConnection(stack.getProperty("hive.jdbc.url"), "bench", "");
             Statement st = hive.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + names.hiveDatabase() + " CASCADE");
        } catch (Exception e) {
            System.err.println("bench: Hive database not dropped: " + e.getMessage());
        }
    }

    private void line(String format, Object... args) {
        String l = String.format(Locale.ROOT, format, args);
        lines.add(l);
        System.out.println(l);
    }
}
