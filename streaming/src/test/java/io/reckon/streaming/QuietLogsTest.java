package io.reckon.streaming;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The local speed layer's logging configuration (simplelogger.properties): engine noise filtered, warnings kept. */
class QuietLogsTest {
    @Test
    void engineNoiseIsFilteredAndRealWarningsAreNot() {
        for (String noisy : new String[] {"org.apache.flink.metrics.MetricGroup",
                "org.apache.flink.runtime.metrics.util.MetricUtils", "org.apache.flink.runtime.util.HadoopUtils",
                "org.apache.hadoop.util.NativeCodeLoader"}) {
            Logger log = LoggerFactory.getLogger(noisy);
            assertThat(log.isWarnEnabled()).as(noisy + " warnings").isFalse();
            assertThat(log.isErrorEnabled()).as(noisy + " errors").isTrue();
        }
        // A commit that fails, a checkpoint that times out: those warnings stay.
        assertThat(LoggerFactory.getLogger("org.apache.flink.connector.kafka.sink.internal.KafkaCommitter")
                .isWarnEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("org.apache.flink.runtime.checkpoint.CheckpointCoordinator")
                .isWarnEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.producer.KafkaProducer").isInfoEnabled())
                .as("INFO is below the default level").isFalse();
    }
}
