package io.reckon.batch;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class MarkerFileCompletenessTest {
    private static final LocalDate DAY = LocalDate.parse("2025-11-25");

    @Test
    void hoursWithoutMarkerAreIncomplete(@TempDir Path table) throws Exception {
        for (int h = 0; h < 24; h++) {
            if (h != 3 && h != 17) {
                Path dir = Files.createDirectories(table.resolve("dt=2025-11-25").resolve("hr=" + h));
                Files.writeString(dir.resolve("_COMPLETE"), "");
            }
        }
        // A padded folder is not the hour's folder.
        Files.createDirectories(table.resolve("dt=2025-11-25/hr=03"));
        Files.writeString(table.resolve("dt=2025-11-25/hr=03/_COMPLETE"), "");
        MarkerFileCompleteness c = new MarkerFileCompleteness(new Configuration(), table.toUri().toString(),
                "_COMPLETE");
        assertThat(c.incompleteHours(DAY, HourRange.FULL_DAY)).containsExactly(3, 17);
        assertThat(c.incompleteHours(DAY, new HourRange(4, 16))).isEmpty();
        assertThat(c.incompleteHours(DAY.plusDays(1), new HourRange(0, 1))).containsExactly(0, 1);
        assertThat(c.describe()).endsWith("dt=<day>/hr=<hour>/_COMPLETE");
    }

    @Test
    void markerPathUsesUnpaddedHours() {
        assertThat(MarkerFileCompleteness.markerPath("file:/w/raw", DAY, 7, "_COMPLETE"))
                .isEqualTo("file:/w/raw/dt=2025-11-25/hr=7/_COMPLETE");
    }
}
