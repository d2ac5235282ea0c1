package io.reckon.streaming.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.Scheduled;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Flink metric reporter that prints the speed layer's counters as one line per interval (the "live counters" of
 * {@code bin/reckon stream}). It sees exactly what the Prometheus reporter exports, summed over subtasks.
 */
public final class LiveCountersReporter implements MetricReporter, Scheduled {
    private static final List<String> COUNTERS = List.of(Metrics.EVENTS_IN, Metrics.EVENTS_VALID,
            Metrics.EVENTS_INVALID, Metrics.DUPLICATES_DROPPED, Metrics.LATE_EVENTS, Metrics.WINDOWS_EMITTED);
    private static final List<String> JOB_GAUGES = List.of("numberOfCompletedCheckpoints", "numberOfFailedCheckpoints",
            "lastCheckpointDuration", "numRestarts");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final Map<String, List<Counter>> counters = new LinkedHashMap<>();
    private final Map<String, List<Counter>> invalidByReason = new TreeMap<>();
    private final Map<String, Gauge<?>> gauges = new LinkedHashMap<>();

    public LiveCountersReporter() {
        this(System.out);
    }

    LiveCountersReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter counter) {
            if (name.equals(Metrics.EVENTS_INVALID_BY_REASON)) {
                String reason = group.getAllVariables().getOrDefault("<" + Metrics.REASON + ">", "?");
                invalidByReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(counter);
            } else if (COUNTERS.contains(name) && group.getScopeComponents().length > 0
                    && List.of(group.getScopeComponents()).contains(Metrics.GROUP)) {
                counters.computeIfAbsent(name, n -> new ArrayList<>()).add(counter);
            }
        } else if (metric instanceof Gauge<?> gauge && JOB_GAUGES.contains(name)) {
            gauges.put(name, gauge);
        }
    }

    @Override
    public synchronized void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        counters.values().forEach(list -> list.remove(metric));
        invalidByReason.values().forEach(list -> list.remove(metric));
        gauges.values().remove(metric);
    }

    private static long sum(List<Counter> list) {
        long total = 0;
        for (Counter c : list) {
            total += c.getCount();
        }
        return total;
    }

    @Override
    public synchronized void report() {
        StringBuilder line = new StringBuilder(LocalTime.now(ZoneOffset.UTC).format(TIME)).append("Z");
        line.append("  in ").append(sum(counters.getOrDefault(Metrics.EVENTS_IN, List.of())));
        line.append("  valid ").append(sum(counters.getOrDefault(Metrics.EVENTS_VALID, List.of())));
        line.append("  invalid ").append(sum(counters.getOrDefault(Metrics.EVENTS_INVALID, List.of())));
        line.append("  duplicates ").append(sum(counters.getOrDefault(Metrics.DUPLICATES_DROPPED, List.of())));
        line.append("  late ").append(sum(counters.getOrDefault(Metrics.LATE_EVENTS, List.of())));
        line.append("  rows emitted ").append(sum(counters.getOrDefault(Metrics.WINDOWS_EMITTED, List.of())));
        Object done = value("numberOfCompletedCheckpoints");
        if (done != null) {
            line.append("  checkpoints ").append(done).append(" (last ").append(value("lastCheckpointDuration"))
                    .append(" ms, failed ").append(value("numberOfFailedCheckpoints")).append(")");
        }
        Object restarts = value("numRestarts");
        if (restarts != null) {
            line.append("  restarts ").append(restarts);
        }
        if (!invalidByReason.isEmpty()) {
            StringBuilder reasons = new StringBuilder();
            invalidByReason.forEach((reason, list) -> {
                long n = sum(list);
                if (n > 0) {
                    reasons.append(reasons.length() == 0 ? "" : " ").append(reason).append('=').append(n);
                }
            });
            if (reasons.length() > 0) {
                line.append("  [").append(reasons).append(']');
            }
        }
        out.println(line);
        out.flush();
    }

    private Object value(String gauge) {
        Gauge<?> g = gauges.get(gauge);
        return g == null ? null : g.getValue();
    }
}
