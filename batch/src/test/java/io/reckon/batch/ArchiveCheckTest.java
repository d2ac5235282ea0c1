package io.reckon.batch;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/reckon batch --check-complete} on a local folder standing in for the raw table's location. */
class ArchiveCheckTest {
    private static final LocalDate DAY = LocalDate.parse("2025-11-25");

    private static void mark(Path table, LocalDate day, int... hours) throws Exception {
        for (int h : hours) {
            Path dir = Files.createDirectories(table.resolve("dt=" + day).resolve("hr=" + h));
            Files.writeString(dir.resolve("_COMPLETE"), "");
        }
    }

    @Test
    void namesTheMissingHoursOnOneLineAndSaysNotYet(@TempDir Path table) throws Exception {
        mark(table, DAY, 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = ArchiveCheck.check(DAY, HourRange.FULL_DAY,
                new MarkerFileCompleteness(new Configuration(), table.toUri().toString(), "_COMPLETE"),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(3);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(1);
        assertThat(out).contains("2025-11-25 NOT complete", "hour(s) 9-11, 23 not marked");

        mark(table, DAY, 9, 10, 11, 23);
        buf.reset();
        assertThat(ArchiveCheck.check(DAY, HourRange.FULL_DAY,
                new MarkerFileCompleteness(new Configuration(), table.toUri().toString(), "_COMPLETE"),
                new PrintStream(buf, true, StandardCharsets.UTF_8))).isZero();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("complete: all 24 hour(s) marked");
    }

    @Test
    void theCommandLineExitsZeroThreeOrTwoAndLeavesNoTrace(@TempDir Path table) throws Exception {
        mark(table, DAY, 0, 1, 2, 3);
        String location = table.toUri().toString();
        assertThat(run("--date", "2025-11-25", "--check-complete", "--raw-location", location, "--hours", "0-3"))
                .isZero();
        assertThat(run("--date", "2025-11-25", "--check-complete", "--raw-location", location)).isEqualTo(3);
        assertThat(run("--date", "2025-11-26", "--check-complete", "--raw-location", location, "--hours", "0"))
                .isEqualTo(3);
        // Bad usage: one line, exit 2, nothing computed.
        StringWriter err = new StringWriter();
        assertThat(run(err, "--date", "2025-11-25", "--check-complete", "--force", "--raw-location", location))
                .isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .contains("--check-complete takes no --force");
        assertThat(run("--date", "2025-11-25", "--raw-location", location)).isEqualTo(2);
        // The check only reads: the folder holds nothing but the markers it was given.
        try (var files = Files.walk(table)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsOnly("_COMPLETE");
        }
    }

    @Test
    void anUnreadableLocationIsAnErrorNotANotYet() {
        // A scheme Hadoop has no file system for: exit 1 (retried as an error), never 3 (waited for).
        assertThat(run("--date", "2025-11-25", "--check-complete", "--raw-location", "nosuchfs://x/raw")).isEqualTo(1);
    }

    private static int run(String... args) {
        return run(new StringWriter(), args);
    }

    private static int run(StringWriter err, String... args) {
        var cli = BatchMain.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
