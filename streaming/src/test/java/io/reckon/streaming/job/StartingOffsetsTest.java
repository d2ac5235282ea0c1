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
        assertThat(StartingOffsets.fromArchive(List.of(0, 1, 2, 3), highest, Map.of())).containsExactly(
                Map.entry(0, 121L), Map.entry(1, 0L), Map.entry(2, 8L), Map.entry(3, 0L));
        assertThat(StartingOffsets.fromArchive(List.of(0, 1, 2, 3), highest, Map.of(0, 97L)))
                .as("a gap in partition 0's recent tail: from there").containsEntry(0, 97L).containsEntry(2, 8L);
    }

    @Test
    void anArchiveOfPartitionsTheTopicLacksIsRefused() {
        assertThatThrownBy(() -> StartingOffsets.fromArchive(List.of(0, 1), new TreeMap<>(Map.of(5, 1L)), Map.of()))
                .hasMessageContaining("partition 5").hasMessageContaining("another topic");
    }

    @Test
    void theStartSaysWhereEachPartitionBegins() {
        TreeMap<Integer, Long> offsets = new TreeMap<>(Map.of(0, 121L, 1, 0L));
        String line = StartingOffsets.describe(offsets, Map.of(1, 0L), new ArchivedOffsets.Scan(
                new TreeMap<>(Map.of(0, 120L)), new TreeMap<>(), 3, 158));
        assertThat(line).startsWith("starting with empty state at the archive's end (p0 @121, p1 @0 (not archived); "
                + "read from 3 archive file(s), 158 row(s))");
    }

    @Test
    void aGapIsAnOffsetKafkaHoldsThatTheRecentArchiveLacks() {
        long[] archived = {10, 11, 12, 14, 15, 18};
        // 13 is missing; 16 and 17 are a transaction's marker and an aborted record, which read_committed skips
        assertThat(StartingOffsets.firstGap(archived, 18, new long[] {10, 11, 12, 13, 14, 15, 18})).isEqualTo(13L);
        assertThat(StartingOffsets.firstGap(archived, 18, new long[] {10, 11, 12, 14, 15, 18}))
                .as("no gap: the highest decides").isNull();
        assertThat(StartingOffsets.firstGap(archived, 18, new long[] {10, 11, 12, 14, 15, 18, 19, 20}))
                .as("past the highest is not a gap").isNull();
    }
}
