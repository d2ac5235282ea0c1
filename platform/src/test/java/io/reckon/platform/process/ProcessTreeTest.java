package io.reckon.platform.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real process trees of sh and sleep: what the platform stops is what the OS says is gone. */
class ProcessTreeTest {
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
    }

    /** A shell with two sleeping children, once both children exist. */
    private ProcessHandle tree(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        started.add(p.toHandle());
        await("the shell's two children").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> p.toHandle().descendants().count() >= 2);
        return p.toHandle();
    }

    @Test
    void stopEndsTheProcessAndEveryDescendant() throws Exception {
        ProcessHandle root = tree("sleep 300 & sleep 300 & wait");
        List<ProcessHandle> children = root.descendants().toList();
        assertThat(ProcessTree.stop(root, Duration.ofSeconds(10))).isTrue();
        assertThat(root.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void whatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        // The shell and its children ignore SIGTERM (an ignored signal stays ignored across exec).
        ProcessHandle root = tree("trap '' TERM; sleep 300 & sleep 300 & wait");
        List<ProcessHandle> children = root.descendants().toList();
        assertThat(ProcessTree.stop(root, Duration.ofMillis(300))).isTrue();
        assertThat(root.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void killEndsTheTreeAtOnce() throws Exception {
        ProcessHandle root = tree("trap '' TERM; sleep 300 & sleep 300 & wait");
        List<ProcessHandle> children = root.descendants().toList();
        assertThat(ProcessTree.kill(root)).isTrue();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }
}
