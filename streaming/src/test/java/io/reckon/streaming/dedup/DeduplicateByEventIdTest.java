package io.reckon.streaming.dedup;

import io.reckon.streaming.Harnesses;
import io.reckon.streaming.ingest.CountedEvent;
import io.reckon.streaming.job.SpeedLayerJob;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.reckon.streaming.TestEvents.T0;
import static io.reckon.streaming.TestEvents.counted;
import static io.reckon.streaming.TestEvents.impression;
import static org.assertj.core.api.Assertions.assertThat;

class DeduplicateByEventIdTest {

    private static KeyedOneInputStreamOperatorTestHarness<EventIdKey, CountedEvent, CountedEvent> harness(
            Duration ttl) throws Exception {
        // the key type as Flink's type extraction finds it (EventIdKey's @TypeInfo), as the job gets it
        return Harnesses.keyed(new DeduplicateByEventId(ttl), new SpeedLayerJob.EventIdOf(),
                TypeInformation.of(EventIdKey.class));
    }

    @Test
    void theFirstCopyOfAnIdPassesAndEveryLaterCopyIsDropped() throws Exception {
        CountedEvent first = impression("e-1", T0, 100);
        CountedEvent conflicting = counted("e-1", true, T0 - 86_400_000L, "ad-9", 5); // same id, other content
        CountedEvent other = impression("e-2", T0, 100);
        try (var h = harness(Duration.ofHours(1))) {
            h.open();
            h.processElement(first, T0);
            h.processElement(first, T0);
            h.processElement(conflicting, T0);
            h.processElement(other, T0);
            assertThat(h.extractOutputValues()).containsExactly(first, other);
        }
    }

    @Test
    void anIdIsForgottenOnlyAfterTheTtl() throws Exception {
        CountedEvent first = impression("e-1", T0, 100);
        try (var h = harness(Duration.ofMinutes(10))) {
            h.open();
            h.setStateTtlProcessingTime(0);
            h.processElement(first, T0);
            h.setStateTtlProcessingTime(Duration.ofMinutes(10).toMillis() - 1);
            h.processElement(first, T0);
            assertThat(h.extractOutputValues()).as("still inside the TTL").hasSize(1);

            h.setStateTtlProcessingTime(Duration.ofMinutes(10).toMillis() + 1);
            h.processElement(first, T0);
            assertThat(h.extractOutputValues()).as("expired: a copy escapes, as documented").hasSize(2);
        }
    }

    @Test
    void theMemorySurvivesARestore() throws Exception {
        CountedEvent first = impression("e-1", T0, 100);
        OperatorSubtaskState snapshot;
        try (var h = harness(Duration.ofHours(1))) {
            h.open();
            h.processElement(first, T0);
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = harness(Duration.ofHours(1))) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(first, T0);
            assertThat(restored.extractOutputValues()).isEmpty();
        }
    }
}
