package io.reckon.streaming.job;

import io.reckon.streaming.metrics.LiveCountersReporterFactory;
import io.reckon.streaming.metrics.LoopbackPrometheusReporterFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;

import java.time.Duration;

/** How {@code bin/reckon stream} configures the MiniCluster of a local run; a cluster keeps its own configuration. */
public final class LocalCluster {
    /** Restarts of a local job before it fails (Flink's default is unbounded). */
    public static final int RESTART_ATTEMPTS = 10;

    private LocalCluster() {
    }

    /**
     * Flink's default with checkpointing restarts forever. Locally a job that cannot run (a resumed checkpoint whose
     * state no longer fits, say) should end, with the hint, after a bounded number of tries (exponential back-off
     * from 1 s; the count resets after an hour of running).
     */
    public static void boundedRestarts(Configuration conf) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
    }

    /**
     * A local run's listeners and reporters. Every listener binds {@code bindHost} (127.0.0.1 by default): the
     * blob server (jobmanager.bind-host), the REST endpoint (rest.bind-address), a second task manager's data port
     * (taskmanager.bind-host) and the Prometheus reporter (Flink's own has no host option, hence
     * {@link LoopbackPrometheusReporterFactory}). RPC is in-process in a MiniCluster and opens no port.
     */
    public static Configuration listenersAndReporters(Configuration conf, String bindHost, Duration reportInterval,
                                                      int prometheusPort) {
        conf.set(JobManagerOptions.BIND_HOST, bindHost);
        conf.set(RestOptions.BIND_ADDRESS, bindHost);
        conf.set(TaskManagerOptions.BIND_HOST, bindHost);
        conf.setString("metrics.reporter.live.factory.class", LiveCountersReporterFactory.class.getName());
        conf.setString("metrics.reporter.live.interval", reportInterval.toMillis() + " ms");
        if (prometheusPort > 0) {
            conf.setString("metrics.reporter.prom.factory.class", LoopbackPrometheusReporterFactory.class.getName());
            conf.setString("metrics.reporter.prom." + LoopbackPrometheusReporterFactory.HOST, bindHost);
            conf.setString("metrics.reporter.prom." + LoopbackPrometheusReporterFactory.PORT,
                    Integer.toString(prometheusPort));
        }
        return conf;
    }
}
