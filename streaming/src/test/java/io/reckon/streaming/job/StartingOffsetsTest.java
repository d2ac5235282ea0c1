package io.reckon.streaming.job;

import io.reckon.streaming.archive.ArchivedOffsets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartingOffsetsTest {

    @Test
    void everyPartitionRightAfterItsHighestArchivedOffsetOrFromTheBeginning() {
        TreeMap<Integer, Long> highest = new TreeMap<>(Map.of(0, 120L, 2, 7L));
        assertThat(StartingOffsets.fromArchive(List.of(0, 1, 2, 3), highest)).containsExactly(Map.entry(0, 121L),
                Map.entry(1, 0L), Map.entry(2, 8L), Map.entry(3, 0L));
    }

    @Test
    void anArchiveOfPartitionsTheTopicLacksIsRefused() {
        assertThatThrownBy(() -> StartingOffsets.fromArchive(List.of(0, 1), new TreeMap<>(Map.of(5, 1L))))
                .hasMessageContaining("partition 5").hasMessageContaining("another topic");
    }

    @Test
    void theStartSaysWhereEachPartitionBegins() {
        TreeMap<Integer, Long> offsets = new TreeMap<>(Map.of(0, 121L, 1, 0L));
        String line = StartingOffsets.describe(offsets, new ArchivedOffsets.Scan(new TreeMap<>(Map.of(0, 120L)), 3,
                158));
        assertThat(line).startsWith("starting with empty state right after the archive's highest offsets (p0 @121, "
                + "p1 @0; read from 3 archive file(s), 158 row(s))");
    }
}
