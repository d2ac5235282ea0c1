package io.reckon.demo;

import io.reckon.platform.hive.HiveCatalog;
import io.reckon.platform.process.ProcessTree;
import io.reckon.schemas.archive.ArchiveLayout;
import io.reckon.schemas.definitions.HiveTables;
import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.schemas.truth.TruthRows;
import io.reckon.stack.StackException;
import io.reckon.stack.location.StackLocation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * {@code bin/reckon demo}: reckon end to end on a pipeline of the running local stack. Traffic for a closed past day
 * (with duplicates beyond the dedup window, late and invalid events) goes through the speed layer into Pinot; the live
 * numbers are shown next to the generator's ground truth; the batch layer recomputes the day from the archive,
 * reconciliation corrects Pinot, and the demo shows that Pinot now equals the ground truth exactly, key by key.
 *
 * <p>The pipeline is the one of a data directory: the stack's own ({@code bin/reckon demo}) or an instance of it
 * ({@code bin/reckon stack instance}, as the tests use). Its {@code stack.properties} gives the endpoints and the
 * pipeline's names; every command the demo runs gets that data directory, so it touches nothing else.
 */
public final class EndToEndDemo {
    private static final String STREAM_MAIN = "io.reckon.streaming.StreamMain";

    private final Path dataDir;
    private final Properties endpoints;
    private final PipelineNames names;
    private final PrintStream out;
    private final ReckonCommands reckon;

    /** The demo on the pipeline of {@code dataDir}, whose stack must be up; {@code home} is the reckon installation. */
    public EndToEndDemo(Path home, Path dataDir, PrintStream out) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.endpoints = StackLocation.endpoints(this.dataDir);
        if (endpoints.isEmpty()) {
            throw new StackException("no running stack for " + this.dataDir + " (its stack.properties is missing)");
        }
        this.names = PipelineNames.from(endpoints);
        this.out = out;
        this.reckon = new ReckonCommands(home, this.dataDir);
    }

    public Path dataDir() {
        return dataDir;
    }

    public PipelineNames names() {
        return names;
    }

    /** The pipeline's Pinot table, as dashboards read it. */
    public PinotDay pinot() {
        return new PinotDay(endpoint("pinot.broker.url"), names.pinotTable());
    }

    public ReckonCommands commands() {
        return reckon;
    }

    private String endpoint(String key) {
        String v = endpoints.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new StackException(StackLocation.endpointsFile(dataDir) + " lacks '" + key + "'");
        }
        return v.trim();
    }

    /** What the demo saw: the day, the ground truth, and Pinot before and after reconciliation. */
    public record Outcome(LocalDate day, DayNumbers truth, DayNumbers before, DayNumbers after) {
        public boolean exact() {
            return after.differingKeys(truth) == 0;
        }
    }

    /**
     * Looks at the pipeline between its layers; the end-to-end test uses it to watch a day turn from PROVISIONAL to
     * FINAL on the dashboard.
     */
    public interface Observer {
        /** The speed layer has settled the day and nothing has been reconciled yet: Pinot holds {@code live}. */
        void beforeBatch(LocalDate day, DayNumbers live);
    }

    /** Runs the demo; {@link Outcome#exact()} tells whether Pinot equals the ground truth for every key of the day. */
    public Outcome run(LocalDate requestedDay, int count, int rate) {
        return run(requestedDay, count, rate, (day, live) -> { });
    }

    /** {@link #run(LocalDate, int, int)}, showing {@code observer} the day between the layers. */
    public Outcome run(LocalDate requestedDay, int count, int rate, Observer observer) {
        long t0 = System.nanoTime();
        ProcessHandle streamStartedHere = null;
        try {
            LocalDate day = requestedDay != null ? requestedDay : unusedPastDay();
            long seed = day.toEpochDay();
            Path work = dataDir.resolve("demo").resolve(day.toString());
            out.printf("  day %s (seed %d), %,d records at %,d/s; files in %s%n", day, seed, count, rate, work);

            streamStartedHere = startSpeedLayerUnlessRunning().orElse(null);

            step("generating the day's traffic into Kafka (duplicates near and far, conflicting, out of order, very late, invalid)");
            generateDay("generate", day, count, rate, seed, work);
            // A little clean traffic of the next day moves event time past the day's end, so the speed layer can mark
            // the day's last hour complete in the archive, as the next day's real traffic would.
            generateNextDayStart("generate-next-day", day.plusDays(1), seed + 1, work.resolve("next-day"));
            // Both runs' ground truths count for the day: a next-day record can carry an event time just before midnight.
            DayNumbers truth = DayNumbers.truth(day, work.resolve("truth").resolve(TruthRows.FILE),
                    work.resolve("next-day").resolve("truth").resolve(TruthRows.FILE));

            step("waiting until the archive marks all 24 hours of " + day + " complete");
            awaitArchiveComplete(day, Duration.ofMinutes(10));
            PinotDay pinot = pinot();
            DayNumbers live = settled(pinot, day);

            step("Pinot's live numbers (speed layer) next to the ground truth");
            table(live, truth);
            int driftKeys = live.differingKeys(truth);
            out.printf("  keys that differ from the ground truth: %,d of %,d%n", driftKeys, truth.rows.size());
            observer.beforeBatch(day, live);

            step("batch layer: recomputing " + day + " exactly from the Hive archive (Spark)");
            reckon.require("batch", Duration.ofMinutes(20), "batch", "--date", day.toString());
            out.println("  " + lastLine(reckon.log("batch")));

            step("reconciliation: correcting Pinot from the exact numbers, verifying, marking the day FINAL");
            reckon.require("reconcile", Duration.ofMinutes(20), "reconcile", "--date", day.toString());
            out.println("  " + lastLine(reckon.log("reconcile")));

            DayNumbers after = pinot.read(day);
            step("after reconciliation: Pinot next to the ground truth");
            table(after, truth);
            int left = after.differingKeys(truth);
            out.printf("  keys that differ from the ground truth: %,d of %,d (before: %,d)%n", left, truth.rows.size(), driftKeys);

            step("finance: exporting the FINAL day's billing (versioned CSV + manifest with lineage and SHA-256)");
            reckon.require("export", Duration.ofMinutes(5), "export", "--date", day.toString());
            try {
                Files.readAllLines(reckon.log("export")).stream().filter(l -> l.startsWith("exported") || l.startsWith("  /"))
                        .forEach(l -> out.println("  " + l.strip()));
            } catch (IOException e) {
                out.println("  (see " + reckon.log("export") + ")");
            }
            out.printf("%n%s in %.0f s%n", left == 0 ? "DEMO OK: Pinot equals the ground truth exactly, key by key and in every total"
                    : "DEMO FAILED: Pinot still differs from the ground truth", (System.nanoTime() - t0) / 1e9);
            return new Outcome(day, truth, live, after);
        } finally {
            if (streamStartedHere != null) {
                stopSpeedLayer(streamStartedHere);
            }
        }
    }

    private void step(String what) {
        out.println("== " + what);
    }

    // ---- the steps that prepare a day, also for other end-to-end tests (orchestration's NightlyITCase) ----

    /**
     * Starts the speed layer detached with the demo's settings (a short dedup window, so late duplicates get through;
     * short checkpoints and archive grace) unless one is running; returns the process if it was started here.
     */
    public Optional<ProcessHandle> startSpeedLayerUnlessRunning() {
        Optional<ProcessHandle> running = runningStream();
        if (running.isPresent()) {
            step("the speed layer is already running (pid " + running.get().pid() + "); using it");
            return Optional.empty();
        }
        step("starting the speed layer (Flink, exactly-once) with a short dedup window, so late duplicates get through");
        // --fresh: the demo replays a past day, usually earlier than what an earlier run in this data dir counted. A
        // job resumed from that run's checkpoint would hold the day's windows and archive hours as long closed.
        // No Prometheus port: the demo reads its numbers from Pinot, and a port would collide with another pipeline's.
        reckon.require("stream", Duration.ofMinutes(5), "stream", "--detach", "--fresh", "--dedup-ttl", "1s",
                "--lateness", "1m", "--early-firing", "2s", "--checkpoint-interval", "2s", "--idleness", "5s",
                "--archive-grace", "1m", "--report-interval", "5s", "--prometheus-port", "0");
        return Optional.of(runningStream().orElseThrow(() -> new StackException(
                "the speed layer did not start; see " + streamLog())));
    }

    public void stopSpeedLayer(ProcessHandle stream) {
        step("stopping the speed layer");
        stop(stream);
    }

    /**
     * A day of troubled traffic into Kafka; the generator's files (truth/ad_stats_minute.csv) go to {@code work}. Like
     * an ad server, it rides out a broker outage of up to 5 minutes (the fault campaign stops the broker for a minute).
     */
    public void generateDay(String name, LocalDate day, int count, int rate, long seed, Path work) {
        reckon.require(name, Duration.ofMinutes(20), "generate", "--out", work.toString(), "--day", day.toString(),
                "--count", Integer.toString(count), "--seed", Long.toString(seed), "--rate", Integer.toString(rate),
                "--bootstrap", endpoint("kafka.bootstrap"), "--topic", names.eventsTopic(), "--progress", "never",
                "--kafka-timeout", "5m");
    }

    /** 400 clean records in the first 20 minutes of {@code day}: moves event time past the previous day's end. */
    public void generateNextDayStart(String name, LocalDate day, long seed, Path work) {
        reckon.require(name, Duration.ofMinutes(5), "generate", "--out", work.toString(),
                "--start", day + "T00:00:00Z", "--end", day + "T00:20:00Z", "--count", "400",
                "--seed", Long.toString(seed), "--bootstrap", endpoint("kafka.bootstrap"), "--topic", names.eventsTopic(),
                "--progress", "never",
                "--duplicate-share", "0", "--late-duplicate-share", "0", "--conflicting-duplicate-share", "0",
                "--out-of-order-share", "0", "--very-late-share", "0", "--invalid-share", "0");
    }

    /** Polls until the archive marks all 24 hours of the day complete. */
    public void awaitArchiveComplete(LocalDate day, Duration timeout) {
        await(timeout, () -> incompleteHours(day).isEmpty(),
                () -> "hours not marked complete: " + incompleteHours(day) + "; see " + streamLog());
    }

    /** The most recent day at least two days back whose archive is still empty (so the ground truth is the whole truth). */
    private LocalDate unusedPastDay() {
        Set<String> used = archivedDays();
        LocalDate d = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        // A day and both its neighbours must be untouched: very late events and next-day traffic spill over.
        while (used.contains(d.toString()) || used.contains(d.plusDays(1).toString()) || used.contains(d.minusDays(1).toString())) {
            d = d.minusDays(3);
        }
        return d;
    }

    /** The days (YYYY-MM-DD) that have a partition in the raw archive, from the metastore through HiveServer2. */
    public Set<String> archivedDays() {
        Set<String> used = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(
                io.reckon.stack.location.HiveJdbcUrl.bounded(endpoint("hive.jdbc.url")), "reckon", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW PARTITIONS " + names.hiveDatabase() + "." + HiveTables.RAW)) {
            while (rs.next()) {
                used.add(rs.getString(1).replaceFirst("^dt=([0-9-]+).*$", "$1"));
            }
        } catch (SQLException e) {
            throw new StackException("cannot list the archive's partitions: " + e.getMessage(), e);
        }
        return used;
    }

    private Optional<ProcessHandle> runningStream() {
        Path pidFile = dataDir.resolve("run").resolve("stream.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().orElse("").contains(STREAM_MAIN)
                            || cmdline(pid).contains(STREAM_MAIN));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void stop(ProcessHandle stream) {
        ProcessTree.stop(stream, Duration.ofSeconds(30));
    }

    /**
     * The hours of the day without their marker. The archive is where the metastore says (asked once); while
     * HiveServer2 cannot be asked, every hour counts as not marked yet and the next poll asks again.
     */
    private List<Integer> incompleteHours(LocalDate day) {
        String raw;
        try {
            raw = rawLocation();
        } catch (StackException e) {
            return java.util.stream.IntStream.range(0, 24).boxed().collect(Collectors.toList());
        }
        return java.util.stream.IntStream.range(0, 24)
                .filter(h -> !Files.exists(localPath(ArchiveLayout.markerPath(raw, day, h, ArchiveLayout.MARKER_NAME))))
                .boxed().collect(Collectors.toList());
    }

    private String rawLocation;

    /** The raw archive's LOCATION, from the metastore through HiveServer2. */
    private String rawLocation() {
        if (rawLocation == null) {
            try (Connection c = DriverManager.getConnection(
                    io.reckon.stack.location.HiveJdbcUrl.bounded(endpoint("hive.jdbc.url")), "reckon", "")) {
                rawLocation = HiveCatalog.location(c, names.hiveDatabase() + "." + HiveTables.RAW);
            } catch (SQLException e) {
                throw new StackException("cannot ask HiveServer2 where the archive is: " + e.getMessage(), e);
            }
        }
        return rawLocation;
    }

    /** A local stack's location: a {@code file:} URI or a plain path. */
    private static Path localPath(String location) {
        return location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
    }

    /** Pinot's rows of the day once two reads a checkpoint apart agree (the speed layer has flushed the day). */
    public DayNumbers settled(PinotDay pinot, LocalDate day) {
        DayNumbers[] last = {pinot.read(day)};
        await(Duration.ofMinutes(3), () -> {
            DayNumbers now = pinot.read(day);
            boolean same = !now.rows.isEmpty() && now.differingKeys(last[0]) == 0;
            last[0] = now;
            return same;
        }, () -> settleFailure(day, last[0]));
        return last[0];
    }

    /** Why the day never settled: no row at all (every event late for the speed layer, say) is not "changing". */
    String settleFailure(LocalDate day, DayNumbers lastRead) {
        return lastRead.rows.isEmpty()
                ? "Pinot has no rows yet for " + day + " in " + names.pinotTable() + "; see " + streamLog()
                : "Pinot's rows for " + day + " kept changing";
    }

    private Path streamLog() {
        return dataDir.resolve("logs").resolve("stream.log");
    }

    private static void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new StackException("gave up after " + timeout.toMinutes() + " min: " + failure.get());
            }
            try {
                Thread.sleep(3000); // poll interval: about one checkpoint of the demo's speed layer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted");
            }
        }
    }

    private void table(DayNumbers pinot, DayNumbers truth) {
        Map<String, long[]> p = pinot.byCurrency();
        Map<String, long[]> t = truth.byCurrency();
        Set<String> currencies = new TreeSet<>(t.keySet());
        currencies.addAll(p.keySet());
        out.printf("  %-4s %14s %14s %10s %10s %20s %20s %16s%n", "cur", "impr. Pinot", "impr. truth", "clicks P.",
                "clicks t.", "spend µ Pinot", "spend µ truth", "spend µ diff");
        for (String c : currencies) {
            long[] a = p.getOrDefault(c, new long[3]);
            long[] b = t.getOrDefault(c, new long[3]);
            out.printf("  %-4s %,14d %,14d %,10d %,10d %,20d %,20d %,16d%n", c, a[0], b[0], a[1], b[1], a[2], b[2],
                    a[2] - b[2]);
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException ignored) {
            // the summary line is a courtesy; the command's exit code already said it succeeded
        }
        return "(no output)";
    }
}
