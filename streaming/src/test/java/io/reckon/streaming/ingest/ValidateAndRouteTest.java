package io.reckon.streaming.ingest;

import io.reckon.streaming.TestEvents;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.reckon.streaming.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ValidateAndRouteTest {

    @Test
    void validEventsGoOnAndInvalidRecordsBecomeDeadLettersWithTheirReason() throws Exception {
        IngressRecord good = TestEvents.valid("e-1", false, T0 + 1_000, "ad-1", 2_500, 0);
        IngressRecord badJson = IngressRecord.fromKafka("ad-events", 1, 7, T0, "e-2".getBytes(StandardCharsets.UTF_8),
                "{\"event_id\":\"e-2\",".getBytes(StandardCharsets.UTF_8));
        IngressRecord tombstone = IngressRecord.fromKafka("ad-events", 2, 9, T0, "e-3".getBytes(StandardCharsets.UTF_8),
                null);
        try (OneInputStreamOperatorTestHarness<IngressRecord, CountedEvent> harness =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ValidateAndRoute())) {
            harness.processElement(good, good.eventTimestamp());
            harness.processElement(badJson, T0);
            harness.processElement(tombstone, T0);

            assertThat(harness.extractOutputValues()).containsExactly(good.event);
            List<IngressRecord> dead = harness.getSideOutput(ValidateAndRoute.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).toList();
            assertThat(dead).extracting(r -> r.reason).containsExactly("MALFORMED_JSON", "EMPTY_VALUE");
            assertThat(dead.get(0).partition).isEqualTo(1);
            assertThat(dead.get(0).offset).isEqualTo(7);
            assertThat(dead.get(0).value).isEqualTo("{\"event_id\":\"e-2\",".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void keyMismatchIsInvalidEvenThoughTheValueIsFine() {
        IngressRecord r = TestEvents.valid("e-1", false, T0, "ad-1", 1, 0);
        IngressRecord mismatched = IngressRecord.fromKafka("ad-events", 0, 1, T0, "e-1 ".getBytes(StandardCharsets.UTF_8),
                r.value);
        assertThat(mismatched.isValid()).isFalse();
        assertThat(mismatched.reason).isEqualTo("KEY_MISMATCH");
        assertThat(mismatched.eventTimeUsable).isTrue();
        assertThat(mismatched.eventTimestamp()).as("invalid records never move the watermark").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aValidEventCarriesItsGrainAndMinute() {
        IngressRecord r = TestEvents.valid("e-1", true, T0 + 59_999, "ad-1", 700, 3);
        assertThat(r.isValid()).isTrue();
        assertThat(r.event.windowStart).isEqualTo(T0);
        assertThat(r.event.click).isTrue();
        assertThat(r.event.grainKey).isEqualTo("adv-1\u001Fcmp-1\u001Fad-1\u001FUSD\u001F" + T0);
        assertThat(r.eventTimestamp()).isEqualTo(T0 + 59_999);
    }
}
