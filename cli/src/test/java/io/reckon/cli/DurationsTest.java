package io.reckon.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void readsAWholeNumberWithAUnitZeroAndIso() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse(" 10 m ")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("6H")).isEqualTo(Duration.ofHours(6));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("pt0.5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("P1D")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aBareNumberIsRefusedUnlessTheSettingNamesItsUnit() {
        assertThatThrownBy(() -> Durations.parse("90")).hasMessage(
                "not a duration: '90' (use 500ms, 5s, 10m, 6h, 2d or ISO-8601 such as PT90S)");
        assertThat(Durations.parse("90", ChronoUnit.SECONDS)).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("90", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("90s", ChronoUnit.MINUTES)).as("a unit always wins").isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesWhatIsNotADurationSayingWhatIs() {
        for (String bad : new String[] {"", "5 sec", "1.5h", "PT", "-5s", "x", "99999999999999999999s"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> Durations.parse("-PT5S")).hasMessageContaining("cannot be negative");
    }

    @Test
    void thePicocliConverterGivesAOneLineUsageError() {
        class Cmd {
            @CommandLine.Option(names = "--wait", converter = DurationConverter.class)
            Duration wait;
        }
        Cmd cmd = new Cmd();
        new CommandLine(cmd).parseArgs("--wait", "10m");
        assertThat(cmd.wait).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> new CommandLine(new Cmd()).parseArgs("--wait", "ten"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not a duration: 'ten'");
    }
}
