package io.reckon.streaming.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reckon.generator.Generation;
import io.reckon.generator.output.KafkaRecordSink;
import io.reckon.generator.output.RecordSink;
import io.reckon.generator.traffic.Shares;
import io.reckon.generator.traffic.TrafficConfig;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.event.AdEventJson;
import io.reckon.schemas.event.EventType;
import io.reckon.streaming.StackClients;
import io.reckon.streaming.dedup.DeduplicateByEventId;
import io.reckon.streaming.ingest.CountedEvent;
import io.reckon.streaming.ingest.EventTimeAssigner;
import io.reckon.streaming.ingest.IngressRecord;
import io.reckon.streaming.job.JobOptions;
import io.reckon.streaming.job.KafkaConnectors;
import io.reckon.streaming.job.SpeedLayerJob;
import io.reckon.streaming.sink.AggregateRowSerializer;
import io.reckon.streaming.window.MinuteWindowAggregator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streaming benchmark (bench/streaming/run.sh; not a test). On the running local stack, in one JVM:
 * <ol>
 *   <li>catch-up throughput: N generator records preloaded into a fresh topic, read from the beginning by the bare job
 *       (source → dedup → window → at-least-once sink: no DLQ, no archive, no early firings, no checkpoints) and
 *       by the full job (validation, DLQ, dedup, windows, early firings, archive, exactly-once, checkpoints);
 *       events/s from the first to the N-th record through the source. Each job first runs once unmeasured
 *       (warm-up), then the measured runs go bare, full, full without the archive, full, bare;</li>
 *   <li>visibility latency at a steady rate with the full job: probe events (event_time = now, each its own row)
 *       from produce until Pinot returns the row; and from each minute's end until Pinot's total for the minute
 *       equals what was produced into it.</li>
 * </ol>
 */
public final class StreamingBench {
    static final AtomicLong SEEN = new AtomicLong();
    static final AtomicLong FIRST_AT = new AtomicLong();
    static final AtomicLong LAST_AT = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Path stackFile = Path.of(args[0]);
        long events = Long.parseLong(args[1]);
        Path results = Path.of(args[2]);
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        int liveSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 150;
        Properties stack = new Properties();
        try (Reader r = Files.newBufferedReader(stackFile)) {
            stack.load(r);
        }
        String bootstrap = stack.getProperty("kafka.bootstrap");
        String jdbc = stack.getProperty("hive.jdbc.url");
        String db = stack.getProperty("hive.database", "reckon");
        String warehouse = stack.getProperty("warehouse.dir");
        Path scratch = Files.createTempDirectory("reckon-stream-bench");
        String tag = "bench_" + UUID.randomUUID().toString().substring(0, 8);
        String input = tag + "_events";
        String table = tag + "_raw";
        String location = scratch.resolve("raw").toUri().toString().replaceAll("/$", "");
        List<String> topics = List.of(input, tag + "_stats", tag + "_dlq", tag + "_bare", tag + "_live",
                tag + "_live_stats", tag + "_live_dlq");
        StackClients.createTopics(bootstrap, Map.of(input, 4, tag + "_stats", 4, tag + "_dlq", 1, tag + "_bare", 4,
                tag + "_live", 4, tag + "_live_stats", 4, tag + "_live_dlq", 1));
        StackClients.createArchiveTable(jdbc, warehouse, db, table, location);
        List<String> tables = new ArrayList<>(List.of(table));
        String pinotTable = tag + "_stats_minute";
        StringBuilder out = new StringBuilder();
        try {
            long t0 = System.nanoTime();
            long start = Instant.parse("2025-11-20T10:00:00Z").toEpochMilli();
            TrafficConfig traffic = new TrafficConfig(7, events, start, start + Duration.ofHours(2).toMillis(), 4, 2,
                    3, 1.1, 1_000, List.of("USD", "EUR"), 0.03, Shares.DEFAULT, Duration.ofHours(2),
                    Duration.ofMinutes(2), Duration.ofHours(2));
            List<RecordSink> sinks = List.of(new KafkaRecordSink(bootstrap, input, 4));
            new Generation(traffic, 4, 0).run(sinks, scratch.resolve("truth"));
            System.out.printf("generated %d records in %.1f s%n", events, (System.nanoTime() - t0) / 1e9);

            JobOptions base = JobOptions.defaults().withBootstrap(bootstrap).withInputTopic(input)
                    .withParallelism(2).withFromEarliest(true);
            String checkpoints = scratch.resolve("checkpoints").toUri().toString();
            // Each full run archives into its own table: a second run into the same one would find its hours
            // already marked complete and take the touched-after-complete path, which a catch-up never does.
            Topology.Named bareJob = run -> env -> bareTopology(env, base.withGroupId(tag + "_g_" + run)
                    .withAggregatesTopic(tag + "_bare"));
            Topology.Named fullJob = run -> {
                String runTable = table + "_" + run;
                tables.add(runTable);
                StackClients.createArchiveTable(jdbc, warehouse, db, runTable, location + "_" + run);
                JobOptions full = base.withGroupId(tag + "_g_" + run).withTransactionalIdPrefix(tag + "_" + run)
                        .withAggregatesTopic(tag + "_stats").withDeadLetterTopic(tag + "_dlq")
                        .withArchiveLocation(location + "_" + run).withArchiveDatabase(db).withArchiveTable(runTable)
                        .withHiveJdbcUrl(jdbc)
                        // file checkpoints: the dedup state soon outgrows the JobManager's 5 MB memory storage
                        .withCheckpointDir(checkpoints);
                return env -> fullTopology(env, full);
            };
            Topology.Named noArchiveJob = run -> env -> fullTopology(env, base.withGroupId(tag + "_g_" + run)
                    .withTransactionalIdPrefix(tag + "_" + run).withAggregatesTopic(tag + "_stats")
                    .withDeadLetterTopic(tag + "_dlq").withCheckpointDir(checkpoints));
            // Warm-up, not measured: each job once on the first records, so that the measured runs compare
            // sustained rates and no job pays alone for loading and compiling code (Parquet, Hadoop, hive-jdbc,
            // transactions) that a long-running job pays once.
            long warmUp = Math.min(events, WARM_UP_RECORDS);
            double coldFull = catchUp("warm-up full", warmUp, fullJob.of("warm_full"));
            double coldBare = catchUp("warm-up bare", warmUp, bareJob.of("warm_bare"));
            CPU_PER_RECORD.clear();
            // Measured in the order bare, full, full without the archive, full, bare: symmetric, so a drift over the
            // run (late JIT, other sessions' load) weighs on both jobs alike.
            double bare = catchUp("bare", events, bareJob.of("bare1"));
            double all = catchUp("full", events, fullJob.of("full1"));
            double withoutArchive = catchUp("full without archive", events, noArchiveJob.of("noarch"));
            double all2 = catchUp("full again", events, fullJob.of("full2"));
            double bare2 = catchUp("bare again", events, bareJob.of("bare2"));
            double bareMean = (bare + bare2) / 2;
            double fullMean = (all + all2) / 2;
            out.append(String.format("- catch-up, %,d generator records (4 partitions, parallelism 2), after a "
                    + "warm-up of each job on %,d records (cold JVM, not in the ratio: full %,.0f, bare %,.0f "
                    + "events/s), in this order: bare job %,.0f events/s, full job %,.0f events/s, full job without "
                    + "the archive %,.0f events/s, full job again %,.0f events/s, bare job again %,.0f events/s. Ratio "
                    + "mean full / mean bare %.2f (without the archive %.2f)%n", events, warmUp, coldFull, coldBare,
                    bare, all, withoutArchive, all2, bare2, fullMean / bareMean, withoutArchive / bareMean));
            out.append(String.format("- CPU of the benchmark JVM per record, submit to last record (less sensitive to "
                    + "other sessions' load than events/s), same order: %s µs%n", CPU_PER_RECORD.stream()
                    .map(c -> String.format("%.1f", c)).collect(java.util.stream.Collectors.joining(", "))));

            StackClients.createPinotTable(stack.getProperty("pinot.controller.url"), pinotTable, tag + "_live_stats",
                    bootstrap);
            JobOptions live = JobOptions.defaults().withBootstrap(bootstrap).withInputTopic(tag + "_live")
                    .withAggregatesTopic(tag + "_live_stats").withDeadLetterTopic(tag + "_live_dlq")
                    .withGroupId(tag + "_g_live").withTransactionalIdPrefix(tag + "_live").withParallelism(2)
                    .withArchiveLocation(location).withArchiveDatabase(db).withArchiveTable(table)
                    .withHiveJdbcUrl(jdbc).withCheckpointDir(scratch.resolve("checkpoints").toUri().toString());
            out.append(latency(live, stack.getProperty("pinot.broker.url"), pinotTable, rate, liveSeconds));
        } finally {
            StackClients.dropPinotTable(stack.getProperty("pinot.controller.url"), pinotTable);
            StackClients.deleteTopics(bootstrap, topics);
            for (String t : tables) {
                StackClients.dropTable(jdbc, db + "." + t);
            }
            org.apache.flink.util.FileUtils.deleteDirectoryQuietly(scratch.toFile());
        }
        String block = "## " + Instant.now().toString().substring(0, 16) + "Z on " + Runtime.getRuntime()
                .availableProcessors() + " cores, load average before/after: " + LOAD_BEFORE + " / " + load() + "\n"
                + out + "\n";
        System.out.print(block);
        Files.writeString(results, block, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.exit(0);
    }

    static final String LOAD_BEFORE = load();

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /** Records each job reads once, unmeasured, before the measured runs (fewer if N is smaller; -Dwarmup=N). */
    static final long WARM_UP_RECORDS = Long.getLong("warmup", 300_000);

    interface Topology {
        void build(StreamExecutionEnvironment env) throws Exception;

        /** A job of the benchmark, given the run's name (its consumer group, transactions and archive table). */
        interface Named {
            Topology of(String run) throws Exception;
        }
    }

    static void fullTopology(StreamExecutionEnvironment env, JobOptions o) throws Exception {
        SpeedLayerJob.configure(env, o);
        SpeedLayerJob.buildTopology(env, KafkaConnectors.ingress(o), KafkaConnectors.aggregates(o),
                KafkaConnectors.deadLetters(o), o, StreamingBench::count);
    }

    static DataStream<IngressRecord> count(DataStream<IngressRecord> in) {
        return in.map(new Count(), TypeInformation.of(IngressRecord.class)).name("bench count");
    }

    static final class Count implements MapFunction<IngressRecord, IngressRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public IngressRecord map(IngressRecord r) {
            long now = System.nanoTime();
            if (SEEN.incrementAndGet() == 1) {
                FIRST_AT.set(now);
            }
            LAST_AT.set(now);
            return r;
        }
    }

    static final class Valid implements FilterFunction<IngressRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(IngressRecord r) {
            return r.isValid();
        }
    }

    static final class EventOf implements MapFunction<IngressRecord, CountedEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public CountedEvent map(IngressRecord r) {
            return r.event;
        }
    }

    /** Source → dedup → window → sink, nothing else: no DLQ, archive, early firings, checkpoints or transactions. */
    static void bareTopology(StreamExecutionEnvironment env, JobOptions o) {
        env.setParallelism(o.parallelism());
        // As the full job (SpeedLayerJob.configure): no copies between chained operators, so the ratio compares work.
        env.getConfig().enableObjectReuse();
        WatermarkStrategy<IngressRecord> wm = WatermarkStrategy
                .<IngressRecord>forBoundedOutOfOrderness(o.outOfOrderness())
                .withTimestampAssigner(new EventTimeAssigner()).withIdleness(o.idleness());
        DataStream<IngressRecord> in = count(env.fromSource(KafkaConnectors.ingress(o), wm, "ad-events",
                TypeInformation.of(IngressRecord.class)));
        in.filter(new Valid()).map(new EventOf(), TypeInformation.of(CountedEvent.class))
                .keyBy(new SpeedLayerJob.EventIdOf())
                .process(new DeduplicateByEventId(o.dedupTtl()), TypeInformation.of(CountedEvent.class))
                .keyBy(new SpeedLayerJob.GrainKeyOf())
                .process(new MinuteWindowAggregator(o.allowedLateness(), Duration.ZERO),
                        TypeInformation.of(AggregateRow.class))
                .sinkTo(KafkaSink.<AggregateRow>builder().setBootstrapServers(o.bootstrap())
                        .setRecordSerializer(new AggregateRowSerializer(o.aggregatesTopic()))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build());
    }

    static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    /** CPU µs per record of each catch-up, in run order: this JVM's CPU time from submit to the last record. */
    static final List<Double> CPU_PER_RECORD = new ArrayList<>();

    static double catchUp(String name, long events, Topology topology) throws Exception {
        SEEN.set(0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
        topology.build(env);
        long submitted = System.nanoTime();
        long cpuAtSubmit = OS.getProcessCpuTime();
        JobClient job = env.executeAsync("bench " + name);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (SEEN.get() < events) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": only " + SEEN.get() + " of " + events + " in 15 min");
            }
            Thread.sleep(100);
        }
        double seconds = (LAST_AT.get() - FIRST_AT.get()) / 1e9;
        CPU_PER_RECORD.add((OS.getProcessCpuTime() - cpuAtSubmit) / 1e3 / events);
        job.cancel().get(60, TimeUnit.SECONDS);
        // Until the job has ended, not just acknowledged the cancel: the next run must not share the cores with this
        // one's teardown (file sink, transactions, MiniCluster).
        try {
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException cancelled) {
            // the expected end: cancelled
        }
        System.out.printf("%s: %d records in %.1f s (%.1f s after submit) = %.0f events/s%n", name, events, seconds,
                (LAST_AT.get() - submitted) / 1e9, events / seconds);
        return events / seconds;
    }

    /** Steady traffic at {@code rate}/s with event_time = now, probes every second; Pinot polled every 200 ms. */
    static String latency(JobOptions o, String broker, String pinotTable, int rate, int seconds) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
        SpeedLayerJob.configure(env, o);
        SpeedLayerJob.buildTopology(env, KafkaConnectors.ingress(o), KafkaConnectors.aggregates(o),
                KafkaConnectors.deadLetters(o), o, s -> s);
        JobClient job = env.executeAsync("bench live");
        Map<String, Long> probeSent = new ConcurrentHashMap<>();
        Map<String, Long> probeSeen = new ConcurrentHashMap<>();
        Map<Long, AtomicLong> producedPerMinute = new ConcurrentHashMap<>();
        Map<Long, Long> minuteComplete = new ConcurrentHashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long runStart = System.currentTimeMillis();
        Thread producer = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> kafka = new KafkaProducer<>(p, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                long n = 0;
                long began = System.nanoTime();
                while (producing.get()) {
                    long due = began + n * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    long now = System.currentTimeMillis();
                    boolean probe = n % rate == 0;
                    String id = (probe ? "probe-" : "ev-") + n;
                    String ad = probe ? id : "ad-" + (n % 100);
                    byte[] value = AdEventJson.encode(new AdEvent(id, EventType.IMPRESSION, now, "adv-bench",
                            "cmp-bench", ad, 10, "USD", null));
                    kafka.send(new ProducerRecord<>(o.inputTopic(), null, now, id.getBytes(StandardCharsets.UTF_8),
                            value));
                    if (probe) {
                        probeSent.put(id, now);
                    } else {
                        producedPerMinute.computeIfAbsent(Math.floorDiv(now, 60_000L) * 60_000L,
                                m -> new AtomicLong()).incrementAndGet();
                    }
                    n++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-producer");
        producer.start();
        long end = runStart + seconds * 1000L;
        long firstFullMinute = Math.floorDiv(runStart, 60_000L) * 60_000L + 60_000L;
        while (System.currentTimeMillis() < end + 30_000) {
            if (System.currentTimeMillis() >= end) {
                producing.set(false);
            }
            long now = System.currentTimeMillis();
            try {
                for (JsonNode r : StackClients.pinotRows(broker, "SELECT ad_id FROM " + pinotTable
                        + " WHERE advertiser_id = 'adv-bench' AND ad_id LIKE 'probe-%' LIMIT 100000")) {
                    probeSeen.putIfAbsent(r.get(0).asText(), now);
                }
                for (JsonNode r : StackClients.pinotRows(broker, "SELECT window_start, sum(impressions) FROM "
                        + pinotTable + " WHERE advertiser_id = 'adv-bench' AND ad_id NOT LIKE 'probe-%' AND "
                        + "window_start >= " + firstFullMinute + " GROUP BY window_start LIMIT 1000")) {
                    long minute = r.get(0).asLong();
                    AtomicLong produced = producedPerMinute.get(minute);
                    if (now >= minute + 60_000 && minute + 60_000 <= end && produced != null
                            && r.get(1).asLong() == produced.get()) {
                        minuteComplete.putIfAbsent(minute, now - (minute + 60_000));
                    }
                }
            } catch (Exception e) {
                // Pinot busy: next poll
            }
            Thread.sleep(200);
        }
        producer.join();
        job.cancel().get(60, TimeUnit.SECONDS);
        List<Long> probeLatency = new ArrayList<>();
        probeSent.forEach((id, sent) -> {
            Long seen = probeSeen.get(id);
            if (seen != null) {
                probeLatency.add(seen - sent);
            }
        });
        List<Long> windowLatency = new ArrayList<>(minuteComplete.values());
        return String.format("- visibility at %d events/s for %d s (full job: early firings %s, checkpoints %s, "
                        + "Pinot polled every 200 ms): produce → Pinot %s (%d of %d probes seen); "
                        + "minute end → Pinot total complete %s (%d minutes)%n", rate, seconds,
                o.earlyFiringPeriod(), o.checkpointInterval(), pct(probeLatency), probeLatency.size(),
                probeSent.size(), pct(windowLatency), windowLatency.size());
    }

    static String pct(List<Long> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return String.format("p50 %.1f s, p99 %.1f s, max %.1f s", v.get((int) Math.floor(0.5 * (v.size() - 1)))
                / 1000.0, v.get((int) Math.ceil(0.99 * (v.size() - 1))) / 1000.0, v.get(v.size() - 1) / 1000.0);
    }
}
