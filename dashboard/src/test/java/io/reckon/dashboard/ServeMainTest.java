package io.reckon.dashboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve}'s usage errors: one line, exit 2, before anything listens; a secret never appears in them. */
class ServeMainTest {
    @TempDir
    Path dir;

    private String run(int expectedExit, String... args) {
        StringWriter err = new StringWriter();
        var cl = ServeMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        assertThat(cl.execute(all)).as(err.toString()).isEqualTo(expectedExit);
        assertThat(err.toString().strip()).hasLineCount(1);
        return err.toString();
    }

    @Test
    void withoutKeysItSaysWhereToPutThem() {
        assertThat(run(2)).startsWith("reckon serve: no API keys: give --keys-file, set RECKON_DASHBOARD_KEYS, or write "
                + dir.resolve("dashboard").resolve("api-keys"));
    }

    @Test
    void aBadKeysFileIsRefusedWithoutShowingItsSecret() throws Exception {
        Path keys = dir.resolve("keys");
        Files.writeString(keys, "ops Zq9-distinctive-secret-0123 admin extra\n");
        assertThat(run(2, "--keys-file", keys.toString())).contains("API keys, entry 1").doesNotContain("Zq9-distinctive");
        Files.writeString(keys, "ops Zq9short admin\n");
        assertThat(run(2, "--keys-file", keys.toString())).contains("at least 16 characters").doesNotContain("Zq9short");
    }

    @Test
    void badNumbersAreUsageErrors() {
        assertThat(run(2, "--port", "70000")).contains("--port must be from 0 to 65535");
        assertThat(run(2, "--finality-refresh", "0")).contains("must be positive");
        assertThat(run(2, "--query-timeout", "0")).contains("must be positive");
    }
}
