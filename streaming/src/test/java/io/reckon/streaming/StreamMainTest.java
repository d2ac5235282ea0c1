package io.reckon.streaming;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Arguments {@code bin/reckon stream} refuses before starting anything. */
class StreamMainTest {

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new StreamMain()).setErr(new PrintWriter(err)).execute(args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void restoreAndFreshExcludeEachOther() {
        String[] r = run("--bootstrap", "127.0.0.1:1", "--no-archive", "--restore", "file:///tmp/chk-1", "--fresh");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).startsWith("--restore and --fresh exclude each other");
    }

    @Test
    void aTransactionalIdPrefixThatCannotNameTheCheckpointDirectoryIsRefused() {
        String[] r = run("--bootstrap", "127.0.0.1:1", "--no-archive", "--transactional-id-prefix", "../speed");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).startsWith("--transactional-id-prefix must be letters, digits");
    }
}
