package io.reckon.reconciliation;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ExportMainTest {
    private record Result(int code, String err) {
    }

    private static Result run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ExportMain.run(new PrintStream(new ByteArrayOutputStream()), args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void badUsageIsOneLineAndExitTwo() {
        for (String[] args : new String[][] {{}, {"--date", "2025-13-01"}, {"--date", "2025-11-25", "--database", "x;y"},
                {"--date", "2025-11-25", "--billing-table", "a b"}}) {
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("reckon export: ").doesNotContain("\n");
        }
    }

    @Test
    void anUnreachableHiveServer2IsOneLineAndExitOne() {
        Result r = run("--date", "2025-11-25", "--hive-url", "jdbc:hive2://127.0.0.1:9/default",
                "--data-dir", "target/no-stack-here");
        assertThat(r.code()).isEqualTo(1);
        // One line of ours (the driver's own logging is silenced by main, not by run).
        assertThat(r.err().lines().filter(l -> l.startsWith("reckon export: ")).toList()).singleElement()
                .asString().contains("cannot reach HiveServer2");
    }
}
