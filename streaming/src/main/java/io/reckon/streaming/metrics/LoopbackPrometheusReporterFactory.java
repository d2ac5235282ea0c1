package io.reckon.streaming.metrics;

import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;

/**
 * Prometheus metrics of a local run on {@code metrics.reporter.<name>.host} (default 127.0.0.1) and {@code .port}.
 * Found by Flink through {@code META-INF/services}.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
    public static final String HOST = "host";
    public static final String PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        MetricConfig config = properties instanceof MetricConfig c ? c : new MetricConfig();
        if (!(properties instanceof MetricConfig)) {
            config.putAll(properties);
        }
        return new LoopbackPrometheusReporter(config.getString(HOST, "127.0.0.1"), config.getInteger(PORT, 9249));
    }
}
