package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Flink's Prometheus reporter on a chosen address. Flink 2.2's {@code PrometheusReporter} listens on every interface
 * and has no host option; this one binds where it is told (127.0.0.1 for reckon's local runs). It lives in Flink's
 * package only because the registry it serves, {@code AbstractPrometheusReporter.registry}, is package-private; the
 * metric mapping is Flink's own. Created by {@code io.reckon.streaming.metrics.LoopbackPrometheusReporterFactory}.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer httpServer;

    public LoopbackPrometheusReporter(String host, int port) {
        try {
            this.httpServer = new HTTPServer(new InetSocketAddress(host, port), registry, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve Prometheus metrics on " + host + ":" + port, e);
        }
        log.info("Prometheus metrics on http://{}:{}/metrics", host, httpServer.getPort());
    }

    /** The port it listens on (the one asked for, or the one chosen for 0). */
    public int port() {
        return httpServer.getPort();
    }

    @Override
    public void close() {
        httpServer.stop();
        super.close();
    }
}
