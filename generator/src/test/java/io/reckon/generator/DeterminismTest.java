package io.reckon.generator;

import io.reckon.generator.output.EventsFile;
import io.reckon.generator.output.RecordSink;
import io.reckon.generator.truth.TruthFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Same config and seed, same bytes: the files of two runs are identical. */
class DeterminismTest {
    private static final long RECORDS = 200_000;

    @Test
    void twoRunsWithTheSameSeedWriteIdenticalFiles(@TempDir Path tmp) throws IOException {
        Path first = run(tmp.resolve("first"), 42);
        Path second = run(tmp.resolve("second"), 42);

        for (String file : List.of(EventsFile.NAME, "truth/" + TruthFiles.ROWS, "truth/" + TruthFiles.BILLING,
                "truth/" + TruthFiles.SUMMARY)) {
            assertThat(Files.size(first.resolve(file))).as(file).isPositive();
            assertThat(Files.mismatch(first.resolve(file), second.resolve(file))).as(file).isEqualTo(-1L);
        }
    }

    @Test
    void anotherSeedWritesOtherTraffic(@TempDir Path tmp) throws IOException {
        Path one = run(tmp.resolve("one"), 1, 5_000);
        Path two = run(tmp.resolve("two"), 2, 5_000);

        assertThat(Files.mismatch(one.resolve(EventsFile.NAME), two.resolve(EventsFile.NAME))).isNotEqualTo(-1L);
    }

    private static Path run(Path out, long seed) throws IOException {
        return run(out, seed, RECORDS);
    }

    private static Path run(Path out, long seed, long records) throws IOException {
        List<RecordSink> sinks = List.of(new EventsFile(out.resolve(EventsFile.NAME)));
        new Generation(TestConfigs.day(seed, records), 4, 0).run(sinks, out.resolve("truth"), Progress.none());
        return out;
    }
}
