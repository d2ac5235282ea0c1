package io.reckon.orchestration.airflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real Airflow 3 for tests: the virtual environment comes from the committed lock
 * ({@code orchestration/airflow/ensure-venv.sh}, cached per lock hash), then {@code airflow db migrate} on SQLite
 * under the test's own directory and three processes on 127.0.0.1 (api-server on a free port from 18080, scheduler
 * with LocalExecutor and without its log server, dag-processor), each in its own session. Readiness is probed
 * (health endpoint, then the DAG), never slept for. {@link #close()} stops every process group: SIGTERM, a
 * timeout, SIGKILL, and checks that nothing is left.
 */
public final class LocalAirflow implements AutoCloseable {
    public static final String USER = "reckon";

    private final Path work;
    private final Path venv;
    private final int port;
    private final String password;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "local-airflow-stop");
    public final Duration venvTime;
    public Duration startTime;

    private LocalAirflow(Path work, Path venv, Duration venvTime, int port) {
        this.work = work;
        this.venv = venv;
        this.venvTime = venvTime;
        this.port = port;
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        this.password = HexFormat.of().formatHex(b);
    }

    /** The virtual environment made from the lock (created on first use, cached afterwards). */
    public static Path ensureVenv(Path reckonHome, Path cacheDir) {
        Path script = reckonHome.resolve("orchestration/airflow/ensure-venv.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("RECKON_AIRFLOW_VENV_CACHE", cacheDir.toString());
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("ensure-venv.sh failed (exit " + p.exitValue() + ")");
            }
            String[] lines = out.split("\n");
            return Path.of(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts Airflow with the DAG files of {@code dagsSource} copied into {@code work/dags}; {@code dagEnv} goes to
     * every process (the DAG reads its parse-time settings from it).
     */
    public static LocalAirflow start(Path reckonHome, Path cacheDir, Path work, Path dagsSource,
                                     Map<String, String> dagEnv) throws IOException {
        Instant t0 = Instant.now();
        Path venv = ensureVenv(reckonHome, cacheDir);
        Duration venvTime = Duration.between(t0, Instant.now());
        LocalAirflow af = new LocalAirflow(work, venv, venvTime, freePort(18080));
        Runtime.getRuntime().addShutdownHook(af.shutdownHook);
        try {
            af.boot(dagsSource, dagEnv);
        } catch (RuntimeException | IOException e) {
            af.close();
            throw e;
        }
        return af;
    }

    private void boot(Path dagsSource, Map<String, String> dagEnv) throws IOException {
        Instant t0 = Instant.now();
        Path home = work.resolve("home");
        Path dags = work.resolve("dags");
        Files.createDirectories(home);
        Files.createDirectories(dags);
        try (var files = Files.list(dagsSource)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".py")).toList()) {
                Files.copy(f, dags.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path passwords = home.resolve("passwords.json");
        Files.writeString(passwords, "{\"" + USER + "\": \"" + password + "\"}\n");
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        env.put("AIRFLOW_HOME", home.toString());
        env.put("AIRFLOW__CORE__DAGS_FOLDER", dags.toString());
        env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
        env.put("AIRFLOW__CORE__EXECUTOR", "LocalExecutor");
        env.put("AIRFLOW__CORE__PARALLELISM", "2");
        env.put("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS", USER + ":admin");
        env.put("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE", passwords.toString());
        env.put("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", "http://127.0.0.1:" + port + "/execution/");
        env.put("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "sqlite:///" + home.resolve("airflow.db"));
        env.put("AIRFLOW__API__HOST", "127.0.0.1");
        env.put("AIRFLOW__API__PORT", String.valueOf(port));
        env.put("AIRFLOW__API__WORKERS", "1");
        env.put("AIRFLOW__API__SECRET_KEY", secret);
        env.put("AIRFLOW__API_AUTH__JWT_SECRET", secret);
        env.put("AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL", "5");
        env.put("AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES", "1");
        env.put("AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC", "1");
        env.put("AIRFLOW__LOGGING__BASE_LOG_FOLDER", work.resolve("logs").toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.putAll(dagEnv);

        run(Duration.ofMinutes(5), "db-migrate", "db", "migrate");
        spawn("api-server", "api-server");
        spawn("scheduler", "scheduler", "--skip-serve-logs");
        spawn("dag-processor", "dag-processor");
        // Ready when the API answers and reports the scheduler and the dag-processor healthy.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        await(Duration.ofMinutes(3), "Airflow healthy on " + url(), () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/monitor/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return false;
                }
                var health = Json.MAPPER.readTree(r.body());
                return "healthy".equals(health.path("scheduler").path("status").asText())
                        && "healthy".equals(health.path("dag_processor").path("status").asText());
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        startTime = Duration.between(t0, Instant.now());
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public AirflowClient client() {
        return new AirflowClient(AirflowSettings.withPassword(url(), USER, password));
    }

    /** The settings a CLI would read from the environment. */
    public Map<String, String> cliEnvironment() {
        return Map.of("RECKON_AIRFLOW_URL", url().toString(), "RECKON_AIRFLOW_USERNAME", USER,
                "RECKON_AIRFLOW_PASSWORD", password);
    }

    /** Polls until the DAG is parsed and known to the API. */
    public void awaitDag(AirflowClient client, String dagId) {
        await(Duration.ofMinutes(2), "DAG " + dagId + " parsed", () -> {
            try {
                client.getDag(dagId);
                return true;
            } catch (AirflowException e) {
                if (e.status() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    public Path logs() {
        return work;
    }

    private void await(Duration timeout, String what, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("an Airflow process exited (" + p.exitValue() + ") while waiting for "
                            + what + "; see the logs in " + work);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out waiting for " + what + "; see the logs in " + work);
            }
            try {
                Thread.sleep(250); // probe interval
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private ProcessBuilder builder(String name, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid"); // own session and process group: stopped as a whole, workers included
        cmd.add(venv.resolve("bin/airflow").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        pb.environment().putAll(env);
        return pb;
    }

    private void run(Duration timeout, String name, String... args) throws IOException {
        Process p = builder(name, args).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                stop(p);
                throw new IllegalStateException("airflow " + String.join(" ", args) + " failed; see " + work.resolve(name + ".log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(p);
            throw new IllegalStateException(e);
        }
    }

    private void spawn(String name, String... args) throws IOException {
        processes.add(builder(name, args).start());
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private synchronized void stopAll() {
        for (Process p : processes) {
            signal(p, "TERM");
        }
        for (Process p : processes) {
            stop(p);
        }
        processes.clear();
    }

    /** SIGTERM to the process group, up to 20 s, then SIGKILL to the group and to any descendant left. */
    private static void stop(Process p) {
        signal(p, "TERM");
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline) && (p.isAlive() || groupAlive(p.pid()))) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (p.isAlive() || groupAlive(p.pid())) {
            signal(p, "KILL");
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void signal(Process p, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, "--", "-" + p.pid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            p.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether any process of the group {@code pgid} is still alive (kill -0 on the group). */
    public static boolean groupAlive(long pgid) {
        try {
            Process k = new ProcessBuilder("kill", "-0", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return k.waitFor(5, TimeUnit.SECONDS) && k.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public List<Long> processGroups() {
        return processes.stream().map(Process::pid).toList();
    }

    private static int freePort(int from) {
        for (int p = from; p < from + 100; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException busy) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in " + from + ".." + (from + 99));
    }
}
