package io.reckon.batch;

import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Console progress: the job's own steps ({@link #step}), and, while Spark works, its stages with tasks done and rows
 * read so far (a ticker every few seconds), plus one line per finished Spark stage.
 */
public final class Progress implements AutoCloseable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final PrintStream out;
    private final int totalSteps;
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong rowsWritten = new AtomicLong();
    private ScheduledExecutorService ticker;
    private Listener listener;
    private SparkContext context;

    public Progress(PrintStream out, int totalSteps) {
        this.out = out;
        this.totalSteps = totalSteps;
    }

    /** A quiet instance for tests. */
    public static Progress silent() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), 1);
    }

    public void step(int number, String text) {
        line("(" + number + "/" + totalSteps + ") " + text);
    }

    public void info(String text) {
        line("      " + text);
    }

    void line(String text) {
        out.println("[batch " + LocalTime.now(ZoneOffset.UTC).format(CLOCK) + "] " + text);
        out.flush();
    }

    /** Starts reporting Spark's stages: a line per finished stage, and a ticker every {@code seconds}. */
    public void attach(SparkContext sc, int seconds) {
        this.context = sc;
        this.listener = new Listener();
        sc.addSparkListener(listener);
        if (seconds > 0) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "reckon-batch-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    private void tick() {
        try {
            for (int id : context.statusTracker().getActiveStageIds()) {
                scala.Option<SparkStageInfo> info = context.statusTracker().getStageInfo(id);
                if (info.isDefined()) {
                    SparkStageInfo s = info.get();
                    info(String.format(Locale.ROOT, "spark stage %d running: %d/%d tasks done, %,d rows read so far",
                            id, s.numCompletedTasks(), s.numTasks(), rowsRead.get()));
                }
            }
        } catch (RuntimeException e) {
            // progress is best effort
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (listener != null && context != null) {
            context.removeSparkListener(listener);
        }
    }

    private final class Listener extends SparkListener {
        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            TaskMetrics m = taskEnd.taskMetrics();
            if (m != null) {
                rowsRead.addAndGet(m.inputMetrics().recordsRead());
                rowsWritten.addAndGet(m.outputMetrics().recordsWritten());
            }
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted completed) {
            StageInfo s = completed.stageInfo();
            TaskMetrics m = s.taskMetrics();
            long ms = s.submissionTime().isDefined() && s.completionTime().isDefined()
                    ? (Long) s.completionTime().get() - (Long) s.submissionTime().get() : -1;
            String name = s.name().split(" at ")[0];
            info(String.format(Locale.ROOT, "spark stage %d %s %s: %d tasks, %,d rows read, %,d shuffled in, "
                            + "%,d written, %.1f s", s.stageId(), name,
                    s.failureReason().isDefined() ? "FAILED" : "done", s.numTasks(),
                    m == null ? 0 : m.inputMetrics().recordsRead(),
                    m == null ? 0 : m.shuffleReadMetrics().recordsRead(),
                    m == null ? 0 : m.outputMetrics().recordsWritten(), ms / 1000.0));
        }
    }
}
