package io.reckon.generator;

import io.reckon.generator.output.EventsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {

    @Test
    void generatesFilesForADay(@TempDir Path out) throws Exception {
        int exit = GeneratorMain.commandLine().execute("generate", "--out", out.toString(), "--count", "2000",
                "--day", "2025-11-25", "--seed", "5", "--progress", "never");

        assertThat(exit).isZero();
        assertThat(Files.readAllLines(out.resolve(EventsFile.NAME))).hasSize(2000);
        assertThat(out.resolve("truth/ad_stats_minute.csv")).exists();
        assertThat(Files.readString(out.resolve("truth/summary.json"))).contains("\"start\" : \"2025-11-25T00:00:00Z\"");
    }

    @Test
    void startAndEndSetTheRange(@TempDir Path out) throws Exception {
        int exit = GeneratorMain.commandLine().execute("generate", "--out", out.toString(), "--count", "10",
                "--start", "2025-11-25T10:00:00Z", "--end", "2025-11-25T10:00:10Z", "--progress", "never",
                "--no-events-file");

        assertThat(exit).isZero();
        assertThat(out.resolve(EventsFile.NAME)).doesNotExist();
        assertThat(Files.readString(out.resolve("truth/summary.json"))).contains("\"end\" : \"2025-11-25T10:00:10Z\"");
    }

    @Test
    void aBrokerThatDoesNotAnswerWithinTheKafkaTimeoutFailsInOneLineAndWritesNoTruth(@TempDir Path out)
            throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine cli = GeneratorMain.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("generate", "--out", out.toString(), "--count", "10", "--progress", "never",
                "--bootstrap", "127.0.0.1:" + port, "--kafka-timeout", "2s");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("reckon generate: ").contains("2000 ms").doesNotContain("\n");
        assertThat(out.resolve("truth/ad_stats_minute.csv")).doesNotExist();
    }

    @Test
    void refusesLiveWithoutRate(@TempDir Path out) {
        StringWriter err = new StringWriter();
        CommandLine cli = GeneratorMain.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("generate", "--out", out.toString(), "--live");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("--live needs a --rate");
    }

    @Test
    void refusesSharesAboveOne(@TempDir Path out) {
        StringWriter err = new StringWriter();
        CommandLine cli = GeneratorMain.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("generate", "--out", out.toString(), "--invalid-share", "0.6", "--duplicate-share", "0.6");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("more than 1");
    }
}
