package io.reckon.reconciliation;

import io.reckon.reconciliation.compare.TimedIterator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhasesTest {
    @Test
    void addsUpPhasesInFirstRunOrderAndParsesItsOwnLine() {
        Phases p = new Phases();
        p.add("read_hive", 2_500_000_000L);
        p.add("publish", 1_000_000L);
        p.add("read_hive", 500_000_000L);
        assertThat(p.time("final", () -> 42)).isEqualTo(42);
        String line = p.line();
        assertThat(line).startsWith("timings_ms: read_hive=3000 publish=1 final=");
        Map<String, Long> parsed = Phases.parse("  " + line);
        assertThat(parsed.keySet()).containsExactly("read_hive", "publish", "final", "total");
        assertThat(parsed.get("read_hive")).isEqualTo(3000L);
        // total is wall time since the Phases began, so at least the time measured inside it ("final")
        assertThat(parsed.get("total")).isGreaterThanOrEqualTo(parsed.get("final"));
    }

    @Test
    void aFailingStepStillCountsItsTime() {
        Phases p = new Phases();
        assertThatThrownBy(() -> p.time("publish", (Runnable) () -> {
            throw new IllegalStateException("fenced");
        })).hasMessage("fenced");
        assertThat(Phases.parse(p.line())).containsKey("publish");
    }

    @Test
    void refusesOtherLines() {
        assertThatThrownBy(() -> Phases.parse("read 3 exact rows")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Phases.parse("timings_ms: x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Phases().add("x", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTimedIteratorPassesEverythingThrough() {
        TimedIterator<String> it = new TimedIterator<>(List.of("a", "b").iterator());
        assertThat(it.hasNext()).isTrue();
        assertThat(it.next()).isEqualTo("a");
        assertThat(it.next()).isEqualTo("b");
        assertThat(it.hasNext()).isFalse();
    }
}
