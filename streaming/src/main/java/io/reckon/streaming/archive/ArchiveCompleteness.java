package io.reckon.streaming.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reckon.schemas.archive.ArchiveLayout;
import io.reckon.schemas.archive.TouchRecord;
import io.reckon.schemas.time.UtcTime;
import io.reckon.streaming.metrics.Metrics;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * The archive's bookkeeping, one instance (parallelism 1) after {@link ArchiveHours}: it registers new partitions,
 * writes the per-hour completeness markers and records hours touched after they were complete. See
 * docs/contract.md §6.3 for the formats.
 *
 * <p>Every decision is taken in {@link #snapshotState} of checkpoint N, from what arrived before barrier N, and is
 * carried out only once checkpoint N is complete (registration) or once a later checkpoint is complete (markers):
 *
 * <ul>
 *   <li>hours that received records and are not registered yet: {@code ALTER TABLE ... ADD IF NOT EXISTS PARTITION}
 *       after checkpoint N (the one that commits their first files);</li>
 *   <li>completeness: the input watermark (the minimum over all source splits; idle splits do not count) has passed
 *       an hour's end plus the grace period. Every such hour from the first hour this job saw on is complete, empty
 *       hours included. Its {@code _COMPLETE} marker is written once a checkpoint after N is complete: checkpoint N
 *       covers every file of the hour written so far, and waiting one more checkpoint makes sure the file sink's
 *       committer has already published them;</li>
 *   <li>records that arrive for an hour already decided complete are archived like any other (their files come with
 *       a later checkpoint), and the hour's day is recorded as touched-after-complete once that checkpoint (and one
 *       more) is complete.</li>
 * </ul>
 *
 * Pending actions live in operator state until carried out, so a failure between a checkpoint and its actions
 * repeats them after the restore; every action is idempotent.
 */
public final class ArchiveCompleteness extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<HourTouch, Void> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Markers written at most per checkpoint when the watermark jumps far (the rest follow on the next ones). */
    static final int MAX_MARKS_PER_CHECKPOINT = 7 * 24;
    /** Registered partitions are remembered this long behind the completeness frontier (ADD is idempotent). */
    static final long REMEMBER_REGISTERED_MS = 8 * UtcTime.DAY_MS;

    public static final String MARKER_NAME = ArchiveLayout.MARKER_NAME;

    private final String location;
    private final long graceMs;
    private final ArchiveCatalog.Factory catalogFactory;
    /** Tests only: register on the calling thread, so that a harness sees the result at once. */
    private final boolean registerOnTaskThread;

    private transient ListState<String> stateList;
    private transient State state;
    private transient TreeMap<Long, Long> seen;
    private transient long watermark;
    /** Used only on {@link #registrar}'s thread. */
    private transient volatile ArchiveCatalog catalog;
    /**
     * Partition registration runs here, never on the task thread: a HiveServer2 that hangs must not stall the job's
     * records and checkpoints. One registration at a time, for the oldest pending checkpoint; markers wait for it.
     */
    private transient ExecutorService registrar;
    private transient Future<?> registration;
    private transient long registrationFor;
    private transient Counter partitionsRegistered;
    private transient Counter hoursMarked;
    private transient Counter touchedAfterComplete;

    /**
     * @param location table location URI of raw_ad_events (file:, hdfs:, s3:...), as the file sink writes it
     * @param grace    how far past an hour's end the watermark must be before the hour is complete
     */
    public ArchiveCompleteness(String location, Duration grace, ArchiveCatalog.Factory catalogFactory) {
        this(location, grace, catalogFactory, false);
    }

    ArchiveCompleteness(String location, Duration grace, ArchiveCatalog.Factory catalogFactory,
                        boolean registerOnTaskThread) {
        this.location = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        this.graceMs = grace.toMillis();
        this.catalogFactory = catalogFactory;
        this.registerOnTaskThread = registerOnTaskThread;
    }

    /** For tests: registration on the calling thread, finished when {@code notifyCheckpointComplete} returns. */
    static ArchiveCompleteness registeringOnTaskThread(String location, Duration grace,
                                                      ArchiveCatalog.Factory catalogFactory) {
        return new ArchiveCompleteness(location, grace, catalogFactory, true);
    }

    /** Everything that survives a restore. Public fields: serialized as JSON into one operator-state entry. */
    public static final class State {
        /** Hours starting before this are complete (decided); Long.MIN_VALUE until the first decision. */
        public long completeBefore = Long.MIN_VALUE;
        /** Hours that have a registered partition (pruned well behind the frontier). */
        public TreeSet<Long> registered = new TreeSet<>();
        /** Decided actions by the checkpoint that covers them. */
        public TreeMap<Long, Actions> pending = new TreeMap<>();
        /** Hours announced but not yet decided on: only between a snapshot and its restore it is empty. */
        public TreeMap<Long, Long> seen = new TreeMap<>();
    }

    public static final class Actions {
        public long decidedAt;
        public long watermark;
        public boolean registeredDone;
        public TreeSet<Long> register = new TreeSet<>();
        public TreeSet<Long> mark = new TreeSet<>();
        /** hour start -> records archived after the hour was complete. */
        public TreeMap<Long, Long> touched = new TreeMap<>();

        boolean isEmpty() {
            return register.isEmpty() && mark.isEmpty() && touched.isEmpty();
        }
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        stateList = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("archive-completeness", Types.STRING));
        state = new State();
        for (String json : stateList.get()) {
            State restored = JSON.readValue(json, State.class);
            if (state.completeBefore == Long.MIN_VALUE || restored.completeBefore > state.completeBefore) {
                state = restored;
            }
        }
        seen = state.seen;
        state.seen = new TreeMap<>();
        watermark = Long.MIN_VALUE;
    }

    @Override
    public void open() throws Exception {
        super.open();
        var group = getMetricGroup().addGroup(Metrics.GROUP);
        partitionsRegistered = group.counter(Metrics.ARCHIVE_PARTITIONS_REGISTERED);
        hoursMarked = group.counter(Metrics.ARCHIVE_HOURS_MARKED);
        touchedAfterComplete = group.counter(Metrics.ARCHIVE_TOUCHED_AFTER_COMPLETE);
        group.gauge(Metrics.ARCHIVE_COMPLETE_BEFORE, () -> state.completeBefore);
        registrar = registerOnTaskThread ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "archive-partition-registration");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void processElement(StreamRecord<HourTouch> element) {
        HourTouch t = element.getValue();
        seen.merge(t.hourStart, t.records, Long::sum);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = Math.max(watermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        decide(context.getCheckpointId(), System.currentTimeMillis());
        stateList.update(List.of(JSON.writeValueAsString(state)));
    }

    /** The decisions of checkpoint {@code checkpointId}, from the hours seen and the watermark so far. */
    void decide(long checkpointId, long now) {
        Actions actions = new Actions();
        actions.decidedAt = now;
        actions.watermark = watermark;
        for (Map.Entry<Long, Long> e : seen.entrySet()) {
            long hour = e.getKey();
            if (state.registered.add(hour)) {
                actions.register.add(hour);
            }
            if (hour < state.completeBefore) {
                actions.touched.put(hour, e.getValue());
                actions.mark.add(hour);
            }
        }
        if (watermark != Long.MIN_VALUE && watermark > Long.MIN_VALUE + graceMs) {
            long frontier = Math.floorDiv(watermark - graceMs + 1, UtcTime.HOUR_MS) * UtcTime.HOUR_MS;
            if (state.completeBefore == Long.MIN_VALUE && !state.registered.isEmpty()) {
                state.completeBefore = state.registered.first();
            }
            if (state.completeBefore != Long.MIN_VALUE) {
                int marks = 0;
                while (state.completeBefore < frontier && marks < MAX_MARKS_PER_CHECKPOINT) {
                    actions.mark.add(state.completeBefore);
                    state.completeBefore += UtcTime.HOUR_MS;
                    marks++;
                }
            }
        }
        if (state.completeBefore != Long.MIN_VALUE) {
            state.registered.headSet(state.completeBefore - REMEMBER_REGISTERED_MS).clear();
        }
        seen.clear();
        if (!actions.isEmpty()) {
            state.pending.put(checkpointId, actions);
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        act(checkpointId);
    }

    /**
     * Carries out the actions decided at checkpoints up to {@code completedCheckpointId}: registrations of those up
     * to it, markers of those before it. A registration runs in the background; its result is taken up here, at
     * this or a later checkpoint. A failure (HiveServer2 down, say) is logged and retried on the next checkpoint;
     * the actions stay in state meanwhile.
     */
    void act(long completedCheckpointId) {
        Iterator<Map.Entry<Long, Actions>> it = state.pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Actions> e = it.next();
            long decidedIn = e.getKey();
            Actions a = e.getValue();
            if (decidedIn > completedCheckpointId) {
                break;
            }
            try {
                if (!a.registeredDone && !a.register.isEmpty() && !registered(decidedIn, a)) {
                    break;  // still running: taken up at the next checkpoint, markers with it
                }
                a.registeredDone = true;
                if (decidedIn >= completedCheckpointId) {
                    break; // markers wait for a later checkpoint (the committer has published N's files by then)
                }
                for (long hour : a.mark) {
                    writeMarker(hour, decidedIn, a);
                    hoursMarked.inc();
                }
                writeTouched(decidedIn, a);
                it.remove();
            } catch (Exception ex) {
                LOG.warn("archive bookkeeping of checkpoint {} failed, retrying on the next checkpoint: {}", decidedIn,
                        ex.toString());
                break;
            }
        }
    }

    /**
     * Whether checkpoint {@code decidedIn}'s partitions are registered: starts their registration unless it runs
     * already, and takes up its result if it has finished (throwing its failure, after which the next call starts it
     * again).
     */
    private boolean registered(long decidedIn, Actions a) throws Exception {
        if (registration == null || registrationFor != decidedIn) {
            List<Long> hours = new ArrayList<>(a.register);
            Callable<Void> register = () -> {
                try {
                    if (catalog == null) {
                        catalog = catalogFactory.open();
                    }
                    catalog.registerPartitions(hours);
                    return null;
                } catch (Exception e) {
                    closeCatalog();
                    throw e;
                }
            };
            registrationFor = decidedIn;
            if (registrar == null) {
                FutureTask<Void> inline = new FutureTask<>(register);
                inline.run();
                registration = inline;
            } else {
                registration = registrar.submit(register);
            }
        }
        if (!registration.isDone()) {
            return false;
        }
        Future<?> done = registration;
        registration = null;
        try {
            done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;  // not a HiveServer2 hiccup to retry: fail the task
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        partitionsRegistered.inc(a.register.size());
        return true;
    }

    private void closeCatalog() {
        if (catalog != null) {
            catalog.close();
            catalog = null;
        }
    }

    private void writeMarker(long hour, long checkpointId, Actions a) throws IOException {
        Path dir = new Path(location + "/" + ArchiveLayout.partitionPath(hour));
        ObjectNode json = JSON.createObjectNode()
                .put("dt", UtcTime.dt(hour)).put("hr", UtcTime.hr(hour))
                .put("watermark", a.watermark).put("grace_ms", graceMs)
                .put("checkpoint_id", checkpointId).put("decided_at", a.decidedAt)
                .put("marked_at", System.currentTimeMillis());
        write(new Path(dir, MARKER_NAME), json.toString() + "\n");
    }

    private void writeTouched(long checkpointId, Actions a) throws IOException {
        Map<String, StringBuilder> byDay = new TreeMap<>();
        for (Map.Entry<Long, Long> t : a.touched.entrySet()) {
            TouchRecord touch = new TouchRecord(java.time.LocalDate.parse(UtcTime.dt(t.getKey())),
                    UtcTime.hr(t.getKey()), t.getValue(), checkpointId, a.decidedAt);
            byDay.computeIfAbsent(UtcTime.dt(t.getKey()), d -> new StringBuilder()).append(touch.toJson())
                    .append('\n');
            touchedAfterComplete.inc(t.getValue());
        }
        for (Map.Entry<String, StringBuilder> day : byDay.entrySet()) {
            Path file = new Path(ArchiveLayout.touchedFile(location.toString(), day.getKey(), a.decidedAt,
                    checkpointId));
            write(file, day.getValue().toString());
        }
    }

    /** Writes a small file atomically: a hidden temporary file, then a rename. Overwrites (repeatable). */
    private static void write(Path file, String content) throws IOException {
        FileSystem fs = file.getFileSystem();
        Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
        fs.mkdirs(file.getParent());
        try (FSDataOutputStream out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        if (fs.exists(file)) {
            fs.delete(file, false);
        }
        if (!fs.rename(tmp, file)) {
            throw new IOException("cannot rename " + tmp + " to " + file);
        }
    }

    @Override
    public void close() throws Exception {
        if (registrar != null) {
            // A registration still running is not waited for beyond a few seconds: its checkpoint's actions are in
            // state and repeated after the restore (ADD IF NOT EXISTS is repeatable).
            registrar.submit(this::closeCatalog);
            registrar.shutdown();
            if (!registrar.awaitTermination(5, TimeUnit.SECONDS)) {
                // Hung in a call: closing its connection from here aborts the call and frees the HiveServer2 session.
                closeCatalog();
                registrar.shutdownNow();
            }
            registrar = null;
        } else {
            closeCatalog();
        }
        super.close();
    }

    /** For tests. */
    State state() {
        return state;
    }

    /** For tests. */
    List<Long> pendingCheckpoints() {
        return new ArrayList<>(state.pending.keySet());
    }
}
