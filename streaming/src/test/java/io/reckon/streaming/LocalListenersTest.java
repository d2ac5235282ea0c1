package io.reckon.streaming;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A local run of {@code reckon stream} listens on 127.0.0.1 only: the sockets this JVM listens on once its
 * MiniCluster runs a job with the Prometheus reporter on, read from /proc (Linux).
 */
class LocalListenersTest {

    @Test
    void everyListenerOfALocalRunBindsTheLoopbackAddress() throws Exception {
        Set<String> before = listeners();
        int prometheusPort;
        try (ServerSocket s = new ServerSocket(0)) {
            prometheusPort = s.getLocalPort();
        }
        StreamMain main = new StreamMain();
        StreamMain.commandLine(main).parseArgs("--prometheus-port", Integer.toString(prometheusPort));
        Configuration conf = main.localConfig(new Configuration());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.fromSequence(0, Long.MAX_VALUE).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("listeners");
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> job.getJobStatus().get() == JobStatus.RUNNING);
            Set<String> opened = new TreeSet<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                opened.clear();
                opened.addAll(listeners());
                opened.removeAll(before);
                assertThat(opened).as("the Prometheus reporter listens").anyMatch(a -> a.endsWith(":" + prometheusPort));
                assertThat(opened).as("REST and blob server too").hasSizeGreaterThanOrEqualTo(3);
            });
            assertThat(opened).allMatch(a -> a.startsWith("127.0.0.1:"), "bound to 127.0.0.1");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** Listening TCP sockets of this process, as "address:port" (IPv4-mapped IPv6 shown as IPv4). */
    static Set<String> listeners() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Set<String> out = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {  // 0A = LISTEN
                    out.add(address(f[1]));
                }
            }
        }
        return out;
    }

    /** /proc/net/tcp{,6} local address: little-endian 32-bit words in hex, then the port. */
    private static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        String v4;
        if (ip.length() == 8) {
            v4 = ip;
        } else if (ip.startsWith("0000000000000000FFFF0000")) {
            v4 = ip.substring(24);
        } else {
            return (ip.equals("00000000000000000000000000000000") ? "[::]" : "[" + ip + "]") + ":" + port;
        }
        long word = Long.parseLong(v4, 16);
        return (word & 0xff) + "." + ((word >> 8) & 0xff) + "." + ((word >> 16) & 0xff) + "." + ((word >> 24) & 0xff)
                + ":" + port;
    }
}
