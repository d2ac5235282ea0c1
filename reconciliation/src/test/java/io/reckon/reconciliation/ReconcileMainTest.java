package io.reckon.reconciliation;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcileMainTest {
    private static int run(String... args) {
        PrintStream err = System.err;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream()));
            return ReconcileMain.run(new PrintStream(new ByteArrayOutputStream()), args);
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("--date", "2025-13-01")).isEqualTo(2);
        assertThat(run("--list-reopened")).isEqualTo(2);
        assertThat(run("--list-reopened", "--before", "2025-11-25", "--date", "2025-11-24")).isEqualTo(2);
        assertThat(run("--date", "2025-11-25", "--before", "2025-11-26")).isEqualTo(2);
        assertThat(run("--date", "2025-11-25", "--page-size", "0")).isEqualTo(2);
        assertThat(run("--date", "2025-11-25", "--database", "no-such;db")).isEqualTo(2);
    }

    @Test
    void durationsTakeTheOneFormatAndTheOldSpellingsStillWork() {
        ReconcileMain main = new ReconcileMain(System.out, (zookeeper, pipeline) -> {
            throw new AssertionError("no lease is taken while parsing");
        });
        new picocli.CommandLine(main).parseArgs("--date", "2025-11-25", "--visibility-timeout", "20s",
                "--poll-interval", "PT0.25S", "--transaction-timeout", "PT10M");
        assertThat(main.visibilityTimeout).isEqualTo(java.time.Duration.ofSeconds(20));
        assertThat(main.pollInterval).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(main.transactionTimeout).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(main.initialSpan).isEqualTo(java.time.Duration.ofMinutes(60));
        assertThat(run("--date", "2025-11-25", "--visibility-timeout", "ten")).isEqualTo(2);
        assertThat(run("--date", "2025-11-25", "--initial-span", "90s")).isEqualTo(2);
        assertThat(run("--date", "2025-11-25", "--initial-span-minutes", "0")).isEqualTo(2);
        assertThat(run("--date", "2025-11-25", "--initial-span", "25h")).isEqualTo(2);
    }

    @Test
    void helpExitsWithZero() {
        assertThat(run("--help")).isEqualTo(0);
    }
}
