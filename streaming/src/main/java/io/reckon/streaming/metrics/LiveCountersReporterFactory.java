package io.reckon.streaming.metrics;

import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;

/** Found by Flink through {@code META-INF/services}; configured as {@code metrics.reporter.<name>.factory.class}. */
public final class LiveCountersReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new LiveCountersReporter();
    }
}
