package io.reckon.streaming.bench;

import io.reckon.stack.testkit.BenchClock;
import io.reckon.streaming.Harnesses;
import io.reckon.streaming.TestEvents;
import io.reckon.streaming.dedup.DeduplicateByEventId;
import io.reckon.streaming.dedup.EventIdKey;
import io.reckon.streaming.ingest.CountedEvent;
import io.reckon.streaming.job.SpeedLayerJob;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The speed layer's dedup state per million event ids (#17, item 2), on the heap ({@code hashmap}) and in RocksDB
 * ({@code rocksdb}, incremental checkpoints): the JVM heap it takes (live, after a full GC), the size of a
 * checkpoint of it, and the size of RocksDB's files; ids are random UUIDs, as the generator's. The operator is the
 * job's own ({@link DeduplicateByEventId}, TTL 1 h) in Flink's keyed operator harness, one subtask. From the sizes:
 * how many ids a heap holds, so at which rate and TTL each backend runs out of memory. Not a test.
 * Args: results.md [MILLIONS...] (default 1 2).
 */
public final class DedupStateBench {
    private static final String ROCKSDB_SLOT_MEMORY = "128mb";
    private record Measure(String backend, long ids, double seconds, long heapBytes, long checkpointBytes,
                           long diskBytes) {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        List<Long> millions = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            millions.add(Long.parseLong(args[i]));
        }
        if (millions.isEmpty()) {
            millions = List.of(1L, 2L);
        }
        String loadBefore = BenchClock.loadAverage();
        long maxHeap = Runtime.getRuntime().maxMemory();
        List<Measure> measures = new ArrayList<>();
        run("hashmap", 200_000);  // warm-up, not kept
        for (long m : millions) {
            for (String backend : List.of("hashmap", "rocksdb")) {
                Measure x = run(backend, m * 1_000_000L);
                measures.add(x);
                System.out.printf(Locale.ROOT, "%s %,d ids: %.1f s, heap %,d B, checkpoint %,d B, disk %,d B%n",
                        x.backend(), x.ids(), x.seconds(), x.heapBytes(), x.checkpointBytes(), x.diskBytes());
            }
        }
        write(results, measures, loadBefore, BenchClock.loadAverage(), maxHeap);
    }

    private static Measure run(String backendName, long ids) throws Exception {
        Path tmp = Files.createTempDirectory("reckon-dedup-bench");
        try {
            StateBackend backend;
            if (backendName.equals("rocksdb")) {
                EmbeddedRocksDBStateBackend rocks = new EmbeddedRocksDBStateBackend(true);
                rocks.setDbStoragePath(tmp.resolve("rocksdb").toString());
                // The harness has almost no managed memory (RocksDB would flush its memtable constantly); a slot of
                // a cluster gets its share of taskmanager.memory.managed.size, here fixed at 128 MB.
                rocks.getMemoryConfiguration().setFixedMemoryPerSlot(MemorySize.parse(ROCKSDB_SLOT_MEMORY));
                backend = rocks;
            } else {
                backend = new HashMapStateBackend();
            }
            long heapBefore = liveHeap();
            try (KeyedOneInputStreamOperatorTestHarness<EventIdKey, CountedEvent, CountedEvent> h = Harnesses.keyed(
                    new DeduplicateByEventId(Duration.ofHours(1)), new SpeedLayerJob.EventIdOf(),
                    TypeInformation.of(EventIdKey.class))) {
                h.setStateBackend(backend);
                // checkpoints to files: the in-memory default refuses state above 5 MB
                h.setCheckpointStorage(new FileSystemCheckpointStorage(tmp.resolve("checkpoints").toUri()));
                h.open();
                long t0 = System.nanoTime();
                for (long i = 0; i < ids; i++) {
                    h.processElement(TestEvents.impression(UUID.randomUUID().toString(), TestEvents.T0, 100),
                            TestEvents.T0);
                    if ((i & 0xFFF) == 0) {
                        h.getOutput().clear();  // the harness keeps every output; the job forwards them
                    }
                }
                double seconds = BenchClock.secs(t0);
                h.getOutput().clear();
                long heap = liveHeap() - heapBefore;
                OperatorSubtaskState snapshot = h.snapshot(1, 1);
                long checkpoint = snapshot.getManagedKeyedState().stream().mapToLong(StateObject::getStateSize).sum();
                long disk = size(tmp.resolve("rocksdb"));
                return new Measure(backendName, ids, seconds, heap, checkpoint, disk);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** Heap in use after a full collection (System.gc is a request; three in a row settle it in practice). */
    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** For each rate (ids/s), how long a TTL {@code ids} cover. */
    private static List<String> ttls(long ids, long... rates) {
        List<String> out = new ArrayList<>();
        for (long rate : rates) {
            out.add(String.format(Locale.ROOT, "%,d events/s: %s", rate, Duration.ofSeconds(ids / rate)
                    .toString().substring(2).toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static void write(Path results, List<Measure> measures, String loadBefore, String loadAfter, long maxHeap)
            throws IOException {
        StringBuilder md = new StringBuilder();
        if (!Files.exists(results)) {
            md.append("# Dedup state benchmark results\n\nAppended by `bench/streaming/dedup-state.sh` (class ")
                    .append("`io.reckon.streaming.bench.DedupStateBench`). Not a test.\n");
        }
        md.append(String.format(Locale.ROOT, "%n## %s, load average %s%n%n", Instant.now(), loadBefore));
        md.append(String.format(Locale.ROOT, "- this JVM's heap: -Xmx %,d MB; one subtask; TTL 1 h; random UUID ids;"
                + " RocksDB with incremental checkpoints and %s of memory for the slot (outside the heap)%n%n",
                maxHeap >> 20, ROCKSDB_SLOT_MEMORY));
        md.append("| backend | ids | insert ids/s | heap B/id | checkpoint B/id | RocksDB files B/id |\n");
        md.append("|---|---|---|---|---|---|\n");
        double heapPerId = 0;
        double diskPerId = 0;
        double rocksCheckpointPerId = 0;
        for (Measure m : measures) {
            boolean rocks = m.backend().equals("rocksdb");
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %s | %.0f | %s |%n", m.backend(), m.ids(),
                    m.ids() / m.seconds(), rocks ? "off the heap" : String.format(Locale.ROOT, "%.0f",
                            (double) m.heapBytes() / m.ids()), (double) m.checkpointBytes() / m.ids(),
                    rocks ? String.format(Locale.ROOT, "%.0f", (double) m.diskBytes() / m.ids()) : "-"));
            if (rocks) {
                diskPerId = Math.max(diskPerId, (double) m.diskBytes() / m.ids());
                rocksCheckpointPerId = Math.max(rocksCheckpointPerId, (double) m.checkpointBytes() / m.ids());
            } else {
                heapPerId = Math.max(heapPerId, (double) m.heapBytes() / m.ids());
            }
        }
        // The ids remembered at once are the rate of valid ids times the TTL.
        long localHeap = 1L << 30;  // -Xmx1g in streaming/jvm.options, for bin/reckon stream
        long fits = (long) (localHeap / 2 / heapPerId);
        md.append(String.format(Locale.ROOT, "%n- on the heap (%.0f B an id): half of `bin/reckon stream`'s 1 GB heap"
                + " holds %,d ids; the longest TTL that fits: %s%n", heapPerId, fits,
                String.join(", ", ttls(fits, 500, 5_000, 35_000))));
        md.append(String.format(Locale.ROOT, "- in RocksDB (up to %.0f B an id on local disk, before its compactions"
                + " settle; %.0f B in a checkpoint, of which an incremental one uploads only the new files): 35,000"
                + " ids/s for 24 h is %,d ids, up to %.0f GB of local disk across the job's subtasks%n",
                diskPerId, rocksCheckpointPerId, 35_000L * 86_400, 35_000L * 86_400 * diskPerId / 1e9));
        md.append(String.format(Locale.ROOT, "%n- load average after: %s%n", loadAfter));
        Files.writeString(results, md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
