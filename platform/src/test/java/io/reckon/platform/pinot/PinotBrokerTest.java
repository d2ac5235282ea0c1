package io.reckon.platform.pinot;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker's bounds; its answers against a real broker are in the layers' ITs (ReconcileITCase and others). */
class PinotBrokerTest {
    @Test
    void hostPortAndUrlNameTheSameEndpoint() {
        assertThat(new PinotBroker("127.0.0.1:8099").endpoint().toString()).isEqualTo("http://127.0.0.1:8099/query/sql");
        assertThat(new PinotBroker("http://127.0.0.1:8099/").endpoint().toString())
                .isEqualTo("http://127.0.0.1:8099/query/sql");
    }

    @Test
    void onlyPlainTableNamesGoIntoAQuery() {
        assertThat(PinotBroker.table("ad_stats_minute")).isEqualTo("ad_stats_minute");
        assertThatThrownBy(() -> PinotBroker.table("t; DROP")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinotBroker.table("t WHERE 1=1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBrokerThatAcceptsButNeverAnswersFailsAfterTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // held open, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            PinotBroker broker = new PinotBroker("127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(500));
            assertThatThrownBy(() -> broker.query("SELECT COUNT(*) FROM t")).isInstanceOf(PinotQueryException.class)
                    .hasMessageContaining("gave no answer within").hasMessageContaining("SELECT COUNT(*) FROM t");
        }
    }

    @Test
    void aBrokerThatIsNotThereIsAOneLineError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PinotBroker broker = new PinotBroker("127.0.0.1:" + port, Duration.ofSeconds(5));
        assertThatThrownBy(() -> broker.query("SELECT 1")).isInstanceOf(PinotQueryException.class)
                .hasMessageStartingWith("cannot reach Pinot broker 127.0.0.1:" + port);
    }
}
