package io.reckon.orchestration;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad arguments: one line on stderr, exit 2, nothing sent anywhere (nothing listens on port 9). */
class OrchestrationMainTest {
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cl = OrchestrationMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    private void assertUsageError(String expected, String... args) {
        assertThat(run(args)).isEqualTo(2);
        assertThat(err.toString()).startsWith("reckon: ").contains(expected);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void badArguments() {
        assertUsageError("--date must be a day", "airflow", "--url", "http://127.0.0.1:9", "trigger", "--date", "03/04/2025");
    }

    @Test
    void missingDate() {
        assertUsageError("--date", "airflow", "trigger");
    }

    @Test
    void badConf() {
        assertUsageError("--conf must be a JSON object", "airflow", "trigger", "--date", "2025-03-04", "--conf", "[1,2");
    }

    @Test
    void emptyBackfillRange() {
        assertUsageError("is before --from", "airflow", "backfill", "--from", "2025-03-04", "--to", "2025-03-01");
    }

    @Test
    void badReprocess() {
        assertUsageError("--reprocess", "airflow", "backfill", "--from", "2025-03-01", "--to", "2025-03-04",
                "--reprocess", "all");
    }

    @Test
    void statusNeedsExactlyOneRun() {
        assertUsageError("mutually exclusive", "airflow", "status", "--date", "2025-03-04", "--run-id", "x");
    }

    @Test
    void unknownSubcommand() {
        assertUsageError("Unmatched argument", "airflow", "explode");
    }

    @Test
    void nightlyBadDate() {
        assertUsageError("--date must be a day", "nightly", "--date", "yesterday");
    }

    @Test
    void airflowNotReachableIsOneLineAndExit1() {
        assertThat(run("airflow", "--url", "http://127.0.0.1:9", "--credentials-file", "/dev/null", "status",
                "--date", "2025-03-04")).isIn(1, 2);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }
}
