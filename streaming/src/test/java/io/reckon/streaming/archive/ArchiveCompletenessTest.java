package io.reckon.streaming.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ArchiveCompletenessTest {
    private static final long H = 3_600_000L;
    private static final long DAY = Instant.parse("2025-11-25T00:00:00Z").toEpochMilli();
    private static final List<String> REGISTERED = new CopyOnWriteArrayList<>();
    private static volatile boolean catalogDown;

    @TempDir
    Path table;

    @BeforeEach
    void reset() {
        REGISTERED.clear();
        catalogDown = false;
    }

    /** Records its registrations; fails while {@link #catalogDown}. */
    static class RecordingCatalog implements ArchiveCatalog {
        @Override
        public void registerPartitions(Collection<Long> hourStarts) {
            if (catalogDown) {
                throw new IllegalStateException("HiveServer2 down (test)");
            }
            for (long h : hourStarts) {
                REGISTERED.add(ArchiveRows.partitionPath(h));
            }
        }

        @Override
        public void close() {
        }
    }

    private OneInputStreamOperatorTestHarness<HourTouch, Void> harness() throws Exception {
        ArchiveCatalog.Factory factory = RecordingCatalog::new;
        return new OneInputStreamOperatorTestHarness<>(
                ArchiveCompleteness.registeringOnTaskThread(table.toUri().toString(), Duration.ofMinutes(10), factory));
    }

    private boolean marked(int hour) {
        return Files.exists(table.resolve("dt=2025-11-25/hr=" + hour + "/_COMPLETE"));
    }

    private List<JsonNode> touched() throws Exception {
        Path dir = table.resolve("_touched_after_complete");
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    rows.add(new ObjectMapper().readTree(line));
                }
            }
        }
        return rows;
    }

    @Test
    void registersAfterTheCheckpointAndMarksCompleteHoursOneCheckpointLater() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new HourTouch(DAY + 10 * H, 5), 0);
            h.processElement(new HourTouch(DAY + 8 * H, 1), 0);
            h.processWatermark(DAY + 10 * H + 20 * 60_000);
            assertThat(REGISTERED).isEmpty();

            h.snapshot(1, 1);
            assertThat(REGISTERED).as("nothing before the checkpoint completes").isEmpty();
            h.notifyOfCompletedCheckpoint(1);
            assertThat(REGISTERED).containsExactlyInAnyOrder("dt=2025-11-25/hr=8", "dt=2025-11-25/hr=10");
            assertThat(marked(8)).as("markers wait for a later checkpoint").isFalse();

            h.snapshot(2, 2);
            h.notifyOfCompletedCheckpoint(2);
            assertThat(marked(8)).isTrue();
            assertThat(marked(9)).as("an empty hour inside the covered range is complete too").isTrue();
            assertThat(marked(10)).as("10:00-11:00 is not past its end + grace").isFalse();
            assertThat(marked(7)).as("before the first hour seen").isFalse();
            assertThat(REGISTERED).as("registered once").hasSize(2);
            JsonNode marker = new ObjectMapper().readTree(
                    Files.readString(table.resolve("dt=2025-11-25/hr=9/_COMPLETE")));
            assertThat(marker.get("checkpoint_id").asLong()).isEqualTo(1);
            assertThat(marker.get("grace_ms").asLong()).isEqualTo(600_000);
            assertThat(touched()).isEmpty();
        }
    }

    @Test
    void recordsForACompleteHourAreRecordedAsTouchedAfterComplete() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new HourTouch(DAY + 8 * H, 1), 0);
            h.processWatermark(DAY + 10 * H + 20 * 60_000);
            h.snapshot(1, 1);
            h.notifyOfCompletedCheckpoint(1);

            h.processElement(new HourTouch(DAY + 9 * H, 2), 0);   // 9 was decided complete at checkpoint 1
            h.processElement(new HourTouch(DAY + 3 * H, 1), 0);   // before the first hour this job saw
            h.processWatermark(DAY + 11 * H + 15 * 60_000);
            h.snapshot(2, 2);
            h.notifyOfCompletedCheckpoint(2);
            assertThat(touched()).as("written one checkpoint after the covering one").isEmpty();
            h.snapshot(3, 3);
            h.notifyOfCompletedCheckpoint(3);

            assertThat(touched()).extracting(n -> n.get("dt").asText() + "/" + n.get("hr").asText() + " x"
                    + n.get("records").asLong() + " chk" + n.get("checkpoint_id").asLong())
                    .containsExactlyInAnyOrder("2025-11-25/3 x1 chk2", "2025-11-25/9 x2 chk2");
            assertThat(marked(3)).as("a complete hour that received records gets its marker").isTrue();
            assertThat(marked(10)).isTrue();
            assertThat(marked(11)).isFalse();
            assertThat(REGISTERED).containsExactlyInAnyOrder("dt=2025-11-25/hr=8", "dt=2025-11-25/hr=9",
                    "dt=2025-11-25/hr=3");
        }
    }

    @Test
    void pendingActionsSurviveARestoreAndAFailingCatalog() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(new HourTouch(DAY + 8 * H, 1), 0);
            h.processWatermark(DAY + 10 * H + 20 * 60_000);
            snapshot = h.snapshot(1, 1);
            // the job fails before checkpoint 1's notification
        }
        catalogDown = true;
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.notifyOfCompletedCheckpoint(1);
            assertThat(REGISTERED).isEmpty();
            catalogDown = false;
            h.snapshot(2, 2);
            h.notifyOfCompletedCheckpoint(2);
            assertThat(REGISTERED).containsExactly("dt=2025-11-25/hr=8");
            assertThat(marked(8)).isTrue();
            assertThat(marked(9)).isTrue();

            // The restored watermark is -inf; the frontier does not go back, and a record for hour 9 is late.
            h.processElement(new HourTouch(DAY + 9 * H, 1), 0);
            h.snapshot(3, 3);
            h.snapshot(4, 4);
            h.notifyOfCompletedCheckpoint(4);
            assertThat(touched()).hasSize(1);
        }
    }

    static volatile CountDownLatch hang = new CountDownLatch(0);

    /** A HiveServer2 that accepts the call and does not answer until released. */
    static final class HangingCatalog extends RecordingCatalog {
        @Override
        public void registerPartitions(Collection<Long> hourStarts) {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            super.registerPartitions(hourStarts);
        }
    }

    @Test
    void aHangingCatalogNeverBlocksTheTaskThreadAndTheMarkersWaitForIt() throws Exception {
        hang = new CountDownLatch(1);
        ArchiveCatalog.Factory factory = HangingCatalog::new;
        try (var h = new OneInputStreamOperatorTestHarness<HourTouch, Void>(
                new ArchiveCompleteness(table.toUri().toString(), Duration.ofMinutes(10), factory))) {
            h.open();
            h.processElement(new HourTouch(DAY + 8 * H, 1), 0);
            h.processWatermark(DAY + 10 * H + 20 * 60_000);
            // Were the registration on this thread, the first notification would never return.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                h.snapshot(1, 1);
                h.notifyOfCompletedCheckpoint(1);
                h.processElement(new HourTouch(DAY + 10 * H, 3), 0);
                h.snapshot(2, 2);
                h.notifyOfCompletedCheckpoint(2);
                h.snapshot(3, 3);
                h.notifyOfCompletedCheckpoint(3);
            });
            assertThat(REGISTERED).isEmpty();
            assertThat(marked(8)).as("a marker waits for its hour's registration").isFalse();

            hang.countDown();
            long[] checkpoint = {3};
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                checkpoint[0]++;
                h.snapshot(checkpoint[0], checkpoint[0]);
                h.notifyOfCompletedCheckpoint(checkpoint[0]);
                // Hour 10 may be registered by a later background call than hour 8: wait for both.
                return marked(8) && REGISTERED.size() == 2;
            });
            assertThat(REGISTERED).containsExactlyInAnyOrder("dt=2025-11-25/hr=8", "dt=2025-11-25/hr=10");
            assertThat(marked(9)).isTrue();
        } finally {
            hang.countDown();
        }
    }
}
