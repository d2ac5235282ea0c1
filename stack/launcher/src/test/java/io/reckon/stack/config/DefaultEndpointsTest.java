package io.reckon.stack.config;

import io.reckon.stack.location.DefaultEndpoints;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The jobs' fallback endpoints are where the default local stack listens. */
class DefaultEndpointsTest {
    @Test
    void theFallbacksAreTheDefaultStacksEndpoints() {
        Map<String, String> stack = StackConfig.load(Path.of("."), null).endpoints();
        DefaultEndpoints.BY_KEY.forEach((key, fallback) -> assertThat(stack.get(key)).as(key).isEqualTo(fallback));
    }

    @Test
    void aStacksOwnEndpointWinsOverTheFallback() {
        Properties suite = new Properties();
        suite.setProperty("kafka.bootstrap", "127.0.0.1:29092");
        assertThat(DefaultEndpoints.of(suite, "kafka.bootstrap")).isEqualTo("127.0.0.1:29092");
        assertThat(DefaultEndpoints.of(suite, "pinot.zookeeper")).isEqualTo(DefaultEndpoints.PINOT_ZOOKEEPER);
        assertThatThrownBy(() -> DefaultEndpoints.of(suite, "kafka.nothing")).hasMessageContaining("no default");
    }
}
