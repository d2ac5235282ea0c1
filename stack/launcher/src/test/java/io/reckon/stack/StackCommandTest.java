package io.reckon.stack;

import io.reckon.stack.cli.StackMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's command line: bad input and conflicts end in one line and a non-zero exit, never a hang. */
class StackCommandTest {
    private static final List<String> PORT_KEYS = List.of("kafka.port", "kafka.controller.port", "zookeeper.port",
            "pinot.controller.port", "pinot.broker.port", "pinot.server.netty.port", "pinot.server.admin.port",
            "pinot.server.grpc.port", "derby.port", "hiveserver2.port");

    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int rc = StackMain.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(out)).execute(args);
        return new String[] {Integer.toString(rc), err.toString(), out.toString()};
    }

    @Test
    void upRefusesAPortHeldByAnotherProcessWithOneLine() throws IOException {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path config = configWithFreePorts("kafka.port", squatter.getLocalPort());

            long t0 = System.nanoTime();
            String[] result = run("stack", "up", "--config", config.toString());

            assertThat(result[0]).isEqualTo("1");
            assertThat(result[1].strip()).doesNotContain("\n")
                    .isEqualTo("reckon: port " + squatter.getLocalPort()
                            + " for Kafka broker (kafka.port) is already in use by another process; stop it or choose another port");
            assertThat((System.nanoTime() - t0) / 1_000_000_000).as("refused before starting anything").isLessThan(10);
            assertThat(dir.resolve("data").resolve("run")).doesNotExist();
        }
    }

    @Test
    void statusOfAStackThatIsNotRunningSaysStoppedAndExitsThree() throws IOException {
        String[] result = run("stack", "status", "--config", configWithFreePorts(null, 0).toString());
        assertThat(result[0]).isEqualTo(Integer.toString(StackMain.NOT_UP));
    }

    @Test
    void badSettingIsAOneLineError() throws IOException {
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "kafka.port=ninety\n");
        String[] result = run("stack", "up", "--config", config.toString());
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1].strip()).isEqualTo("reckon: setting kafka.port must be a TCP port (1-65535), got 'ninety'");
    }

    @Test
    void missingConfigFileAndUnknownCommandAreRejected() {
        assertThat(run("stack", "up", "--config", dir.resolve("nope.properties").toString())[1])
                .startsWith("reckon: stack config file not found");
        String[] unknown = run("stack", "sideways");
        assertThat(unknown[0]).isEqualTo("2");
        assertThat(unknown[1]).startsWith("reckon: Unmatched argument");
    }

    /** A config on a scratch data dir whose ports are all free, except {@code takenKey} set to {@code takenPort}. */
    private Path configWithFreePorts(String takenKey, int takenPort) throws IOException {
        List<ServerSocket> holders = new ArrayList<>();
        StringBuilder props = new StringBuilder("data.dir=" + dir.resolve("data") + "\n");
        try {
            for (String key : PORT_KEYS) {
                int port;
                if (key.equals(takenKey)) {
                    port = takenPort;
                } else {
                    ServerSocket s = new ServerSocket(0);
                    holders.add(s);
                    port = s.getLocalPort();
                }
                props.append(key).append('=').append(port).append('\n');
            }
        } finally {
            for (ServerSocket s : holders) {
                s.close();
            }
        }
        Path file = dir.resolve("stack.properties");
        Files.writeString(file, props);
        return file;
    }
}
