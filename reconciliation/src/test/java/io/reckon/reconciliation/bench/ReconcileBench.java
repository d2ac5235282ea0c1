package io.reckon.reconciliation.bench;

import io.reckon.platform.pinot.PinotBroker;
import io.reckon.reconciliation.Phases;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.definitions.ContractResources;
import io.reckon.schemas.definitions.Topics;
import io.reckon.schemas.version.Versions;
import io.reckon.stack.provision.Definitions;
import io.reckon.stack.provision.KafkaTopics;
import io.reckon.stack.provision.PinotAdmin;
import io.reckon.stack.testkit.AggregatesProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.reckon.stack.testkit.BenchClock.loadAverage;
import static io.reckon.stack.testkit.BenchClock.secs;

/**
 * Benchmark (bench/reconciliation/run.sh), not a test: reconcile one day of N keys on the real local stack, in a
 * Hive database, Pinot table and Kafka topic of its own (dropped afterwards).
 *
 * <ol>
 *   <li>Seed: the exact rows through HiveServer2 ({@code INSERT OVERWRITE ... SELECT ... FROM range(N)}, the batch
 *       layer's write) plus a SUCCEEDED batch_runs row; the speed layer's rows produced to the table's topic in the
 *       contract's row format (canonical key, speed versions, transactions of 100,000 like checkpoints), waited for
 *       in Pinot. Of the keys, 1/300 each have other values in Pinot, are missing in Pinot, are extra in Pinot (1%
 *       differ); the rest match with a speed version (a day straight from the speed layer).</li>
 *   <li>Run 1: {@code reconcile --date} as its own JVM with bin/reckon's default heap (-Xmx256m): re-stamps every
 *       matching key, corrects the 1%, waits for Pinot, re-compares, FINAL. Its {@code timings_ms} line gives the
 *       phases.</li>
 *   <li>{@code --verify-final} (a read-only full comparison).</li>
 *   <li>Run 2: a new batch run changes 1% of the exact rows (late events), reconcile again: only those are
 *       published.</li>
 * </ol>
 *
 * Args: data dir (stack.properties), keys, results file, classpath of the reconcile JVM.
 */
public final class ReconcileBench {
    private static final LocalDate DAY = LocalDate.parse("2025-11-25");
    private static final long T0 = DAY.toEpochDay() * 86_400_000L;
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP", "JPY", "BRL"};
    private static final int SPEED_TX_ROWS = 100_000;
    private static final Pattern PUBLISHED = Pattern.compile("published (\\d+) corrections");
    private static final Pattern VISIBLE = Pattern.compile("Pinot shows all (\\d+) corrections after (\\d+) ms");
    private static final Pattern COMPARED = Pattern.compile(
            "compared (\\d+) keys: (\\d+) match, (\\d+) speed version to re-stamp, (\\d+) missing in Pinot, "
                    + "(\\d+) extra in Pinot, (\\d+) values differ");

    private final Properties stack;
    private final Path dataDir;
    private final long keys;
    private final String reconcileClasspath;
    private final String name = "recon_bench_" + Long.toHexString(System.nanoTime());
    private final List<String> lines = new ArrayList<>();
    private final Path reports;

    private ReconcileBench(Path dataDir, long keys, String reconcileClasspath) throws IOException {
        this.dataDir = dataDir;
        this.keys = keys;
        this.reconcileClasspath = reconcileClasspath;
        this.reports = Files.createTempDirectory("reckon-recon-bench");
        this.stack = io.reckon.stack.location.StackLocation.endpoints(dataDir);
        if (stack.isEmpty()) {
            throw new IllegalStateException("the local stack is not up: no endpoints in " + dataDir);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        long keys = Long.parseLong(args[1]);
        Path results = Path.of(args[2]);
        if (keys < 3_000) {
            throw new IllegalArgumentException("at least 3,000 keys (1/300 of them per difference class)");
        }
        ReconcileBench bench = new ReconcileBench(dataDir, keys, args[3]);
        String loadBefore = loadAverage();
        boolean ok = false;
        try {
            bench.run();
            ok = true;
        } finally {
            bench.cleanUp();
            String section = "\n## Reconciliation benchmark " + Instant.now() + (ok ? "" : " (FAILED)") + "\n\n"
                    + "- machine: " + Runtime.getRuntime().availableProcessors() + " cores, shared; load average before: "
                    + loadBefore + ", after: " + loadAverage() + "\n"
                    + String.join("\n", bench.lines) + "\n";
            Files.writeString(results, section, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            System.out.print(section);
        }
        System.exit(ok ? 0 : 1);
    }

    private void run() throws Exception {
        String db = name;
        String table = name;
        String topic = name + "_stats";
        long diff = count(0);
        long missing = count(1);
        long extra = count(2);
        long exactRows = keys - extra;
        long speedRows = keys - missing;
        line("- keys: %,d of %s (%,d per minute): %,d values differ, %,d missing in Pinot, %,d extra in Pinot (%.2f%%),"
                        + " %,d matching with a speed version; Hive db/Pinot table `%s`, topic `%s_stats` (4 partitions)",
                keys, DAY, keys / 1440, diff, missing, extra, 100.0 * (diff + missing + extra) / keys,
                keys - diff - missing - extra, name, name);
        line("- heaps before (after a full GC; -Xmx from the stack's pinot.heap, hiveserver2.heap): %s", heaps());

        try (Connection hive = DriverManager.getConnection(stack.getProperty("hive.jdbc.url"), "bench", "")) {
            long t = System.nanoTime();
            io.reckon.reconciliation.ContractTables.create(hive, db, stack.getProperty("warehouse.dir"));
            createPinotTable(table, topic);
            line("- setup (Hive database, Pinot table, topic): %.1f s", secs(t));

            t = System.nanoTime();
            insertExact(hive, db, "bench-batch-1", false);
            insertBatchRun(hive, db, "bench-batch-1");
            line("- seed Hive: %,d exact rows + batch_runs row through HiveServer2: %.1f s", exactRows, secs(t));

            t = System.nanoTime();
            produceSpeedRows(topic);
            double produced = secs(t);
            long t2 = System.nanoTime();
            awaitPinotCount(table, "", speedRows, 1800);
            line("- seed Pinot: %,d speed rows produced in %.1f s (%,.0f rows/s), all live in Pinot %.1f s later",
                    speedRows, produced, speedRows / produced, secs(t2));
            line("- heaps with the day loaded: %s", heaps());

            String[] common = {"--data-dir", dataDir.toString(), "--topic", topic, "--pinot-table", table,
                    "--database", db, "--visibility-timeout", "PT30M", "--transactional-id-prefix", "bench-" + name,
                    "--report-dir", reports.toString()};

            // Run 1: a day straight from the speed layer.
            Reconcile r1 = reconcile(common, "--date", DAY.toString());
            check(r1.code == 0, "run 1 did not end FINAL:\n" + r1.out);
            report("run 1 (first reconcile of the day: every key re-stamped, 1% corrected)", r1);
            check(r1.published == keys, "run 1 published " + r1.published + ", expected " + keys);
            check(pinotCount(table, " WHERE version < " + Versions.BATCH_BASE) == 0, "speed versions left after run 1");
            line("- heaps after run 1: %s", heaps());

            Reconcile verify = reconcile(common, "--date", DAY.toString(), "--verify-final");
            check(verify.code == 0, "--verify-final after run 1 failed:\n" + verify.out);
            line("- `--verify-final` (read-only full comparison): %.1f s wall", verify.wallS);

            // Run 2: the batch re-ran the day with late events for 1% of the keys.
            t = System.nanoTime();
            insertExact(hive, db, "bench-batch-2", true);
            insertBatchRun(hive, db, "bench-batch-2");
            line("- batch re-run seeded (1%% of the exact rows changed): %.1f s", secs(t));
            Reconcile r2 = reconcile(common, "--date", DAY.toString());
            check(r2.code == 0, "run 2 did not end FINAL:\n" + r2.out);
            report("run 2 (after late events: 1% of the keys changed, the rest FINAL already)", r2);
            long late = countLate();
            check(r2.published == late, "run 2 published " + r2.published + ", expected " + late);
        }
    }

    // ---- the synthetic day: one function, used by the SQL seed and the Kafka seed alike ------------------------

    /** 0: values differ, 1: missing in Pinot, 2: extra in Pinot, other: same values with a speed version. */
    private static long kind(long i) {
        return i % 300;
    }

    /** SQL: the keys the second batch run changes (late events); i % 100 == 50 is never one of the difference kinds. */
    private static final String LATE_KEY = "id % 100 = 50";

    private long count(long kind) {
        return keys / 300 + (keys % 300 > kind ? 1 : 0);
    }

    private long countLate() {
        return keys / 100 + (keys % 100 > 50 ? 1 : 0);
    }

    private static GrainKey key(long i) {
        long j = i / 1440;
        long campaign = j % 389;
        return new GrainKey("adv-" + campaign % 97, "cmp-" + campaign, "ad-" + j, CURRENCIES[(int) (campaign % 5)],
                T0 + (i % 1440) * 60_000L);
    }

    private static long impressions(long i) {
        return 1 + (i * 7) % 50;
    }

    private static long clicks(long i) {
        return i % 3;
    }

    private static long spend(long i) {
        return impressions(i) * 1500 + i % 1000;
    }

    /** The same rows in Spark SQL, from range(N) (column id). */
    private String exactSelect(String batchRunId, boolean withLate) {
        String lateDelta = withLate ? "CASE WHEN " + LATE_KEY + " THEN 1 ELSE 0 END" : "0";
        return "SELECT concat('adv-', (id div 1440) % 389 % 97), concat('cmp-', (id div 1440) % 389),"
                + " concat('ad-', id div 1440), element_at(array('USD', 'EUR', 'GBP', 'JPY', 'BRL'),"
                + " CAST((id div 1440) % 389 % 5 AS INT) + 1), " + T0 + " + (id % 1440) * 60000,"
                + " 1 + (id * 7) % 50 + " + lateDelta + ", id % 3, (1 + (id * 7) % 50 + " + lateDelta + ") * 1500"
                + " + id % 1000, '" + batchRunId + "' FROM range(0, " + keys + ") WHERE id % 300 != 2";
    }

    private void insertExact(Connection hive, String db, String batchRunId, boolean withLate) throws Exception {
        try (Statement st = hive.createStatement()) {
            st.execute("INSERT OVERWRITE TABLE " + db + ".ad_stats_minute_exact PARTITION (dt = '" + DAY + "') "
                    + exactSelect(batchRunId, withLate));
        }
    }

    /** The run that wrote the day's exact rows, recording their count and totals as the batch layer does. */
    private void insertBatchRun(Connection hive, String db, String runId) throws Exception {
        long now = System.currentTimeMillis();
        String day = db + ".ad_stats_minute_exact WHERE dt = '" + DAY + "'";
        try (Statement st = hive.createStatement()) {
            st.execute("INSERT INTO " + db + ".batch_runs SELECT '" + runId + "', '" + DAY + "', 'SUCCEEDED', false,"
                    + " CAST(" + now + " AS BIGINT), CAST(" + now + " AS BIGINT), CAST(0 AS BIGINT),"
                    + " CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT),"
                    + " (SELECT count(1) FROM " + day + "), (SELECT sum(impressions) FROM " + day + "),"
                    + " (SELECT sum(clicks) FROM " + day + "), (SELECT map_from_entries(collect_list(struct(currency, s)))"
                    + " FROM (SELECT currency, sum(spend_micros) AS s FROM " + day + " GROUP BY currency)),"
                    + " CAST(map(0, 1000, 1, 1000, 2, 1000, 3, 1000) AS MAP<INT, BIGINT>), 'bench', CAST(0 AS BIGINT)");
        }
    }

    /** The speed layer's rows: canonical key bytes, contract JSON, speed versions, transactions like checkpoints. */
    private void produceSpeedRows(String topic) {
        try (AggregatesProducer producer = AggregatesProducer.open(stack.getProperty("kafka.bootstrap"),
                "bench-speed-" + topic, AggregatesProducer.BULK)) {
            long inTx = 0;
            producer.begin();
            for (long i = 0; i < keys; i++) {
                long kind = kind(i);
                if (kind == 1) {
                    continue;
                }
                GrainKey k = key(i);
                long imp = impressions(i) + (kind == 0 ? 1 : 0);
                long version = Versions.speed(k.windowStart() + 61_000L + i % 1000);
                AggregateRow row = new AggregateRow(k, imp, clicks(i), spend(i) + (kind == 0 ? 1500 : 0), version,
                        Source.SPEED, version);
                producer.send(topic, row);
                if (++inTx == SPEED_TX_ROWS) {
                    producer.commit();
                    producer.begin();
                    inTx = 0;
                }
            }
            producer.commit();
        }
    }

    // ---- running reconcile -------------------------------------------------------------------------------------

    private record Reconcile(int code, String out, double wallS, long published, Long visibleMs, String compared,
                             Map<String, Long> phases) {
    }

    /** bin/reckon reconcile as its own JVM, with bin/reckon's default heap. */
    private Reconcile reconcile(String[] common, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", reconcileClasspath, "io.reckon.reconciliation.ReconcileMain"));
        cmd.addAll(List.of(common));
        cmd.addAll(List.of(args));
        long t = System.nanoTime();
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                System.out.println("    | " + l);
                out.append(l).append('\n');
            }
        }
        int code = proc.waitFor();
        double wall = secs(t);
        String text = out.toString();
        long published = 0;
        Matcher m = PUBLISHED.matcher(text);
        if (m.find()) {
            published = Long.parseLong(m.group(1));
        }
        Long visible = null;
        m = VISIBLE.matcher(text);
        if (m.find()) {
            visible = Long.parseLong(m.group(2));
        }
        m = COMPARED.matcher(text);
        String compared = m.find() ? String.format(Locale.ROOT, "%,d keys: %,d match, %,d re-stamp, %,d missing,"
                        + " %,d extra, %,d values differ", Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6))) : "?";
        Map<String, Long> phases = text.lines().map(String::strip).filter(x -> x.startsWith(Phases.PREFIX))
                .findFirst().map(Phases::parse).orElse(Map.of());
        return new Reconcile(code, text, wall, published, visible, compared, phases);
    }

    private void report(String title, Reconcile r) {
        line("- **%s**: %.1f s wall (JVM start included), exit %d", title, r.wallS, r.code);
        line("  - compared %s; published %,d corrections in one transaction; visible in Pinot %s ms after the commit",
                r.compared, r.published, r.visibleMs == null ? "?" : String.format(Locale.ROOT, "%,d", r.visibleMs));
        StringBuilder b = new StringBuilder("  - phases (s):");
        r.phases.forEach((k, v) -> b.append(' ').append(k).append('=').append(String.format(Locale.ROOT, "%.1f", v / 1000.0)));
        line("%s", b.toString());
    }

    // ---- stack helpers -----------------------------------------------------------------------------------------

    private void createPinotTable(String table, String topic) {
        try (KafkaTopics topics = new KafkaTopics(stack.getProperty("kafka.bootstrap"))) {
            topics.ensure(topic, Topics.AD_STATS_MINUTE_PARTITIONS, Map.of("retention.ms", "-1"));
        }
        Map<String, String> values = Map.of("pinot.table", table, "kafka.topic", topic,
                "kafka.bootstrap", stack.getProperty("kafka.bootstrap"));
        PinotAdmin pinot = new PinotAdmin(stack.getProperty("pinot.controller.url"));
        pinot.putSchema(Definitions.resolve(ContractResources.read(ContractResources.PINOT_SCHEMA), values, "schema"));
        pinot.putTable(Definitions.resolve(ContractResources.read(ContractResources.PINOT_TABLE), values, "table"));
    }

    private long pinotCount(String table, String where) {
        return new PinotBroker(stack.getProperty("pinot.broker.url")).queryLong("SELECT COUNT(*) FROM " + table + where);
    }

    private void awaitPinotCount(String table, String where, long expected, long timeoutS) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                seen = pinotCount(table, where);
                if (seen == expected) {
                    return;
                }
                check(seen < expected, "Pinot shows " + seen + " rows, more than the " + expected + " produced");
            } catch (RuntimeException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("bench:")) {
                    throw e;
                }
                // the table is still being created
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("bench: Pinot shows " + seen + " of " + expected + " rows after " + timeoutS + " s");
    }

    /**
     * The live heap of a stack component (jcmd GC.class_histogram, which runs a full GC first, so this is what the
     * data holds, not garbage), or why not.
     */
    private String liveHeap(String component) {
        try {
            String pid = Files.readString(dataDir.resolve("run/" + component + ".pid")).strip().split("\\s+")[0];
            Process p = new ProcessBuilder("jcmd", pid, "GC.class_histogram").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)").matcher(text);
            return m.find() ? String.format(Locale.ROOT, "%,d MB live", Long.parseLong(m.group(2)) >> 20)
                    : "? (" + text.strip().lines().findFirst().orElse("") + ")";
        } catch (IOException | RuntimeException | InterruptedException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private String heaps() {
        return "Pinot " + liveHeap("pinot") + ", HiveServer2 " + liveHeap("hiveserver2");
    }

    private void cleanUp() {
        String db = name;
        String topic = name + "_stats";
        try {
            PinotAdmin pinot = new PinotAdmin(stack.getProperty("pinot.controller.url"));
            pinot.deleteTable(name);
            pinot.deleteSchema(name);
        } catch (RuntimeException e) {
            System.err.println("bench: Pinot table " + name + " not deleted: " + e.getMessage());
        }
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.getProperty("kafka.bootstrap"));
        try (Admin admin = Admin.create(p)) {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (Exception e) {
            System.err.println("bench: topic " + topic + " not deleted: " + e.getMessage());
        }
        try (Connection hive = DriverManager.getConnection(stack.getProperty("hive.jdbc.url"), "bench", "");
             Statement st = hive.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " CASCADE");
        } catch (Exception e) {
            System.err.println("bench: Hive database " + db + " not dropped: " + e.getMessage());
        }
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.walk(reports)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.err.println("bench: " + reports + " not deleted: " + e.getMessage());
            }
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException("bench: " + message);
        }
    }

    private void line(String format, Object... args) {
        String l = String.format(Locale.ROOT, format, args);
        lines.add(l);
        System.out.println(l);
    }
}
