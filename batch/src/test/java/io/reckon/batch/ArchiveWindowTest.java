package io.reckon.batch;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveWindowTest {
    private static final LocalDate DAY = LocalDate.parse("2025-03-01");

    @Test
    void unboundedByDefault() {
        assertThat(ArchiveWindow.UNBOUNDED.fromDt(DAY)).isEmpty();
        assertThat(ArchiveWindow.UNBOUNDED.toDt(DAY)).isEmpty();
    }

    @Test
    void boundsAreDtStringsAcrossMonthEnds() {
        ArchiveWindow w = new ArchiveWindow(7, 8);
        assertThat(w.fromDt(DAY)).contains("2025-02-22");
        assertThat(w.toDt(DAY)).contains("2025-03-09");
        assertThat(new ArchiveWindow(0, null).fromDt(DAY)).contains("2025-03-01");
    }

    @Test
    void refusesNegativeDays() {
        assertThatThrownBy(() -> new ArchiveWindow(-1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableNamesArePlainIdentifiers() {
        assertThat(TableNames.DEFAULTS.statsTable()).isEqualTo("reckon.ad_stats_minute_exact");
        assertThat(TableNames.inDatabase("it_1").rawTable()).isEqualTo("it_1.raw_ad_events");
        assertThatThrownBy(() -> TableNames.inDatabase("x; DROP TABLE y")).isInstanceOf(IllegalArgumentException.class);
    }
}
