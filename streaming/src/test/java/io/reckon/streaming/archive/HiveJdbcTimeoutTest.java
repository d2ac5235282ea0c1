package io.reckon.streaming.archive;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * hive-jdbc against a server that accepts the connection and never answers (a stopped HiveServer2 looks like this:
 * the kernel still completes the handshake): the call fails after the URL's socketTimeout instead of waiting forever.
 */
class HiveJdbcTimeoutTest {

    @Test
    void aServerThatNeverAnswersFailsTheConnectAfterTheSocketTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());  // and never a byte back
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            }, "silent-hiveserver2");
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "jdbc:hive2://127.0.0.1:" + silent.getLocalPort() + "/default;socketTimeout=2000";
            assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> HiveJdbc.connect(HiveJdbc.locateJar(null), url).close())
                            .isInstanceOf(SQLException.class).hasStackTraceContaining("timed out"));
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
