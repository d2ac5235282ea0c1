package io.reckon.schemas.archive;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveLayoutTest {
    private static final LocalDate DAY = LocalDate.of(2025, 11, 25);

    @Test
    void pathsAreTheContractsWithUnpaddedHours() {
        long sevenAm = DAY.atTime(7, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        assertThat(ArchiveLayout.partitionPath(sevenAm)).isEqualTo("dt=2025-11-25/hr=7");
        assertThat(ArchiveLayout.markerPath("file:/w/raw", DAY, 7, ArchiveLayout.MARKER_NAME))
                .isEqualTo("file:/w/raw/dt=2025-11-25/hr=7/_COMPLETE")
                .isEqualTo(ArchiveLayout.markerPath("file:/w/raw/", DAY, 7, "_COMPLETE"));
        assertThat(ArchiveLayout.touchedFile("hdfs://nn/raw", "2025-11-25", 1764054000000L, 12))
                .isEqualTo("hdfs://nn/raw/_touched_after_complete/dt=2025-11-25/1764054000000-chk12.json");
        assertThat(ArchiveLayout.dayPath(DAY)).isEqualTo("dt=2025-11-25");
    }

    @Test
    void aTouchRecordIsOneJsonLineInAFixedOrderAndReadsBack() {
        TouchRecord t = new TouchRecord(DAY, "7", 3, 12, 1764054000000L);
        // Golden: the bytes the speed layer writes and reconciliation reads.
        assertThat(t.toJson()).isEqualTo(
                "{\"dt\":\"2025-11-25\",\"hr\":\"7\",\"records\":3,\"checkpoint_id\":12,\"detected_at\":1764054000000}");
        assertThat(TouchRecord.parse(t.toJson())).isEqualTo(t);
        assertThat(TouchRecord.parse("{\"detected_at\":5,\"dt\":\"2025-11-25\",\"new_field\":{\"a\":[1]}}"))
                .isEqualTo(new TouchRecord(DAY, "", 0, 0, 5));
    }

    @Test
    void aLineThatIsNotATouchRecordIsRefusedSayingWhy() {
        assertThatThrownBy(() -> TouchRecord.parse("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> TouchRecord.parse("{\"dt\":\"2025-11-25\"")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> TouchRecord.parse("{\"dt\":\"2025-11-25\"}")).hasMessageContaining("detected_at");
        assertThatThrownBy(() -> TouchRecord.parse("{\"dt\":\"yesterday\",\"detected_at\":1}"))
                .hasMessageContaining("not a day");
        assertThatThrownBy(() -> TouchRecord.parse("{\"dt\":\"2025-11-25\",\"detected_at\":\"1\"}"))
                .hasMessageContaining("detected_at is not an integer");
        assertThatThrownBy(() -> TouchRecord.parse("{\"dt\":\"2025-11-25\",\"detected_at\":1} {}"))
                .hasMessageContaining("more than one");
    }
}
