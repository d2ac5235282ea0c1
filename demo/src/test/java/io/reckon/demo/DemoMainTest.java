package io.reckon.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad values are usage errors (exit 2, one line) found before the stack is touched: no data directory appears. */
class DemoMainTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) throws Exception {
        Path config = dir.resolve("stack.conf");
        Files.writeString(config, "data.dir=" + dir.resolve("data") + "\n");
        var cl = DemoMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "--config=" + config;
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    @Test
    void refusesACountOutOfRange() throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run(err, "--count", "5")).isEqualTo(2);
        assertThat(err.toString()).startsWith("reckon demo: --count must be between 1000 and 5000000").hasLineCount(1);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void refusesADayThatIsNotClosed() throws Exception {
        StringWriter err = new StringWriter();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertThat(run(err, "--day", yesterday)).isEqualTo(2);
        assertThat(err.toString()).contains("--day must be a closed past day").hasLineCount(1);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void refusesASlowRate() throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run(err, "--rate", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate must be at least 100").hasLineCount(1);
    }
}
