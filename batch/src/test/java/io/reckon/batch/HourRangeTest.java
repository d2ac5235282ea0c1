package io.reckon.batch;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HourRangeTest {

    @Test
    void parsesRangesAndSingleHours() {
        assertThat(HourRange.parse("0-23")).isEqualTo(HourRange.FULL_DAY);
        assertThat(HourRange.parse(" 6 - 11 ")).isEqualTo(new HourRange(6, 11));
        assertThat(HourRange.parse("7")).isEqualTo(new HourRange(7, 7));
        assertThat(HourRange.parse("0-23").isFullDay()).isTrue();
        assertThat(HourRange.parse("0-22").isFullDay()).isFalse();
    }

    @Test
    void refusesWhatIsNotARangeOfHours() {
        for (String bad : List.of("", "a-b", "5-4", "24", "-1", "0-24", "1-2-3")) {
            assertThatThrownBy(() -> HourRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void partitionValuesAreUnpadded() {
        assertThat(HourRange.parse("8-11").hrValues()).containsExactly("8", "9", "10", "11");
        assertThat(HourRange.FULL_DAY.hrValues()).hasSize(24).startsWith("0").endsWith("23");
        assertThat(new HourRange(3, 5).contains(5)).isTrue();
        assertThat(new HourRange(3, 5).contains(6)).isFalse();
        assertThat(new HourRange(3, 5)).hasToString("3-5");
        assertThat(new HourRange(3, 3)).hasToString("3");
    }

    @Test
    void compactsHourListsForMessages() {
        assertThat(BatchJob.compact(List.of(3, 5, 6, 7, 9))).isEqualTo("3, 5-7, 9");
        assertThat(BatchJob.compact(List.of(0))).isEqualTo("0");
        assertThat(BatchJob.compact(List.of())).isEmpty();
    }
}
