package io.reckon.batch;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchMainOptionsTest {
    private static BatchMain parse(String... args) {
        BatchMain main = new BatchMain();
        new CommandLine(main).parseArgs(args);
        return main;
    }

    @Test
    void theProgressIntervalIsADurationAndTheOldSpellingStillWorks() {
        assertThat(parse("--date", "2025-11-25").progressInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(parse("--date", "2025-11-25", "--progress", "1m").progressInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("--date", "2025-11-25", "--progress", "0").progressInterval()).isZero();
        assertThat(parse("--date", "2025-11-25", "--progress-seconds", "30").progressInterval())
                .isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> parse("--date", "2025-11-25", "--progress", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not a duration: 'soon'");
    }
}
