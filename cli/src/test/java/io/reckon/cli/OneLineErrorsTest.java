package io.reckon.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class OneLineErrorsTest {
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Option(names = "--fail", description = "how to fail")
        String fail = "none";

        @Override
        public Integer call() throws Exception {
            switch (fail) {
                case "bad-value":
                    throw new IllegalArgumentException("'x;y' is not a plain Hive identifier");
                case "nested":
                    throw new IllegalStateException("cannot reach HiveServer2 at jdbc:hive2://127.0.0.1:9",
                            new UncheckedIOException("Connection refused", new java.io.IOException("Connection refused")));
                case "multi-line":
                    throw new IllegalStateException("first line\n\tat somewhere");
                case "no-message":
                    throw new NullPointerException();
                default:
                    return 0;
            }
        }
    }

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = OneLineErrors.install(new CommandLine(new Probe()), "reckon probe");
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void aUsageErrorIsOneLineAndExitTwo() {
        String[] r = run("--nope");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).isEqualTo("reckon probe: Unknown option: '--nope' (see --help)" + System.lineSeparator());
    }

    @Test
    void anIllegalArgumentMetWhileWorkingIsAFailureNotAUsageError() {
        String[] r = run("--fail", "bad-value");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1].strip()).isEqualTo("reckon probe: 'x;y' is not a plain Hive identifier");
    }

    @Test
    void aCommandMayNameTheFailuresThatAreUsageErrors() {
        StringWriter err = new StringWriter();
        CommandLine cl = OneLineErrors.install(new CommandLine(new Probe()), "reckon probe",
                java.util.List.of(IllegalArgumentException.class));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("--fail", "bad-value")).isEqualTo(2);
        assertThat(cl.execute("--fail", "nested")).isEqualTo(1);
    }

    @Test
    void aFailureIsOneLineWithItsCausesAndExitOne() {
        String[] r = run("--fail", "nested");
        assertThat(r[0]).isEqualTo("1");
        // The repeated "Connection refused" is said once.
        assertThat(r[1].strip()).isEqualTo(
                "reckon probe: cannot reach HiveServer2 at jdbc:hive2://127.0.0.1:9 <- Connection refused");
        assertThat(r[1].strip()).doesNotContain("\n");
    }

    @Test
    void aMessageOfSeveralLinesStaysOnOne() {
        String[] r = run("--fail", "multi-line");
        assertThat(r[1].strip()).isEqualTo("reckon probe: first line \tat somewhere");
    }

    @Test
    void aFailureWithoutAMessageNamesItsClass() {
        String[] r = run("--fail", "no-message");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1].strip()).isEqualTo("reckon probe: java.lang.NullPointerException");
    }

    @Test
    void successIsUntouched() {
        assertThat(run()).containsExactly("0", "");
    }
}
