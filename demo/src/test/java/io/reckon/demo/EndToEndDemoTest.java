package io.reckon.demo;

import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.stack.StackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndToEndDemoTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @Test
    void theDemoRunsOnThePipelineItsDataDirectoryNames(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("stack.properties"), "pinot.broker.url=http\\://127.0.0.1\\:1\n"
                + "kafka.topic.events=it_x.ad-events\npinot.table=it_x_ad_stats_minute\nhive.database=it_x\n");
        EndToEndDemo demo = new EndToEndDemo(dir, dir, new PrintStream(new ByteArrayOutputStream()));
        assertThat(demo.names().eventsTopic()).isEqualTo("it_x.ad-events");
        assertThat(demo.names().hiveDatabase()).isEqualTo("it_x");
        assertThat(demo.names().speedGroupId()).as("not listed: the default").isEqualTo(PipelineNames.DEFAULT.speedGroupId());
        assertThat(demo.commands().log("batch")).isEqualTo(dir.resolve("logs").resolve("demo-batch.log"));
    }

    @Test
    void aDataDirectoryWithoutARunningStackIsRefusedInOneLine(@TempDir Path dir) {
        assertThatThrownBy(() -> new EndToEndDemo(dir, dir, System.out)).isInstanceOf(StackException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("stack.properties");
    }

    @Test
    void aDayWithoutAnyRowInPinotSaysSoInsteadOfKeptChanging(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("stack.properties"), "pinot.table=t1\n");
        EndToEndDemo demo = new EndToEndDemo(dir, dir, new PrintStream(new ByteArrayOutputStream()));
        assertThat(demo.settleFailure(DAY, new DayNumbers()))
                .startsWith("Pinot has no rows yet for 2026-11-20 in t1").contains("stream.log");
        DayNumbers some = new DayNumbers();
        some.put(new io.reckon.schemas.aggregate.GrainKey("a", "c", "ad", "USD", 0), 1, 0, 5);
        assertThat(demo.settleFailure(DAY, some)).isEqualTo("Pinot's rows for 2026-11-20 kept changing");
    }
}
