package io.reckon.stack;

import io.reckon.stack.component.Component;
import io.reckon.stack.component.DerbyMetastoreDb;
import io.reckon.stack.component.KafkaBroker;
import io.reckon.stack.component.PinotCluster;
import io.reckon.stack.component.PinotZookeeper;
import io.reckon.stack.component.SparkThriftServer;
import io.reckon.stack.config.StackConfig;
import io.reckon.stack.probe.Probes;
import io.reckon.stack.process.Supervisor;
import io.reckon.stack.provision.Provisioner;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The local stack as a whole: up (idempotent), down (nothing left behind), status. */
public final class LocalStack {
    /** Start order; stop runs the reverse. Components of one wave start in parallel. */
    private static final List<List<Component>> WAVES = List.of(
            List.of(new KafkaBroker(), new PinotZookeeper(), new DerbyMetastoreDb()),
            List.of(new PinotCluster(), new SparkThriftServer()));

    private final StackConfig config;
    private final Supervisor supervisor;
    private final PrintStream out;

    public LocalStack(StackConfig config, PrintStream out) {
        this.config = config;
        this.supervisor = new Supervisor(config);
        this.out = out;
    }

    public static List<Component> components() {
        return WAVES.stream().flatMap(List::stream).toList();
    }

    public StackConfig config() {
        return config;
    }

    /** Starts whatever is not running, waits until all are healthy, provisions, writes the endpoints file. */
    public void up() {
        long t0 = System.nanoTime();
        checkPorts();
        List<String> startedHere = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (List<Component> wave : WAVES) {
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                for (Component c : wave) {
                    futures.add(CompletableFuture.runAsync(() -> {
                        if (ensureRunning(c)) {
                            synchronized (startedHere) {
                                startedHere.add(c.name());
                            }
                        }
                    }, pool));
                }
                try {
                    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : e;
                }
            }
            writeEndpoints();
            new Provisioner(config, out).apply(config.names());
        } catch (RuntimeException e) {
            // Leave nothing half-started behind: stop what this invocation started.
            for (int i = startedHere.size() - 1; i >= 0; i--) {
                supervisor.stop(startedHere.get(i), Duration.ofSeconds(config.seconds("stop.timeout.seconds")));
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
        out.printf("stack is up in %.1f s (data in %s)%n", (System.nanoTime() - t0) / 1e9, config.dataDir());
    }

    /** Refuses to start anything if a port we need is held by a process that is not our component. */
    private void checkPorts() {
        for (Component c : components()) {
            if (supervisor.running(c.name()).isPresent()) {
                continue;
            }
            for (Map.Entry<Integer, String> port : c.ports(config).entrySet()) {
                if (!Probes.portFree(config.host(), port.getKey())) {
                    throw new StackException("port " + port.getKey() + " for " + port.getValue()
                            + " is already in use by another process; stop it or choose another port");
                }
            }
        }
    }

    /** Returns true if it started the component, false if it was already running. */
    private boolean ensureRunning(Component c) {
        Optional<ProcessHandle> existing = supervisor.running(c.name());
        boolean starting = existing.isEmpty();
        ProcessHandle h;
        if (starting) {
            c.prepare(config, supervisor);
            out.printf("  starting %-12s ...%n", c.name());
            h = supervisor.start(c.jvm(config));
        } else {
            h = existing.get();
        }
        awaitHealthy(c, h);
        out.printf("  %-12s up   %s (pid %d)%n", c.name(), c.endpoint(config), h.pid());
        return starting;
    }

    private void awaitHealthy(Component c, ProcessHandle h) {
        long deadline = System.nanoTime() + Duration.ofSeconds(config.seconds("start.timeout.seconds")).toNanos();
        long pauseMs = 100;
        while (true) {
            if (!h.isAlive()) {
                throw new StackException(c.name() + " failed to start (process exited); see " + config.logFile(c.name()));
            }
            if (c.healthy(config)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(c.name() + " did not become healthy within " + config.seconds("start.timeout.seconds")
                        + " s; see " + config.logFile(c.name()));
            }
            try {
                Thread.sleep(pauseMs); // poll interval between probes, not a wait for readiness
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + c.name());
            }
            pauseMs = Math.min(pauseMs * 2, 1000);
        }
    }

    private void writeEndpoints() {
        Properties p = new Properties();
        p.putAll(config.endpoints());
        try {
            Files.createDirectories(config.dataDir());
            try (Writer w = Files.newBufferedWriter(config.endpointsFile())) {
                p.store(w, "the running reckon stack; written by bin/reckon stack up");
            }
            StringBuilder spark = new StringBuilder("# Spark settings for jobs on the local stack (bin/reckon stack up)\n");
            config.sparkHiveSettings().forEach((k, v) -> spark.append(k).append(' ').append(v).append('\n'));
            Files.writeString(config.sparkDefaultsFile(), spark);
        } catch (IOException e) {
            throw new StackException("cannot write " + config.endpointsFile() + ": " + e.getMessage(), e);
        }
    }

    /** Stops every component, Pinot and the Thrift server before what they depend on. */
    public void down() {
        long t0 = System.nanoTime();
        Duration timeout = Duration.ofSeconds(config.seconds("stop.timeout.seconds"));
        // First what reads the stack: a detached dashboard of the stack's pipelines.
        io.reckon.stack.process.DetachedServe.stopAll(config.dataDir(), timeout, out);
        for (int i = WAVES.size() - 1; i >= 0; i--) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (Component c : WAVES.get(i)) {
                futures.add(CompletableFuture.runAsync(() -> {
                    long start = System.nanoTime();
                    if (supervisor.stop(c.name(), timeout)) {
                        out.printf("  stopped %-12s in %.1f s%n", c.name(), (System.nanoTime() - start) / 1e9);
                    }
                }));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        }
        try {
            Files.deleteIfExists(config.endpointsFile());
        } catch (IOException ignored) {
            // stale endpoints are detected by status probes anyway
        }
        out.printf("stack is down in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** One line per component: name, PID, endpoint, health. */
    public Map<String, Health> status() {
        Map<String, Health> result = new ConcurrentHashMap<>();
        components().parallelStream().forEach(c -> {
            Optional<ProcessHandle> h = supervisor.running(c.name());
            Health health = h.isEmpty() ? Health.STOPPED : (c.healthy(config) ? Health.UP : Health.UNHEALTHY);
            result.put(c.name(), health);
        });
        Map<String, Health> ordered = new LinkedHashMap<>();
        for (Component c : components()) {
            Health health = result.get(c.name());
            ordered.put(c.name(), health);
            String pid = supervisor.running(c.name()).map(h -> Long.toString(h.pid())).orElse("-");
            out.printf("%-12s %-9s pid %-8s %s%n", c.name(), health, pid, c.endpoint(config));
        }
        return ordered;
    }

    public enum Health { UP, UNHEALTHY, STOPPED }
}
