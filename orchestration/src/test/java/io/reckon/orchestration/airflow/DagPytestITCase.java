package io.reckon.orchestration.airflow;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the DAG's pytest suite (orchestration/airflow/tests) in the virtual environment made from the lock: the DAG
 * imports without errors, has the expected tasks, dependencies and settings, and runs in-process (dag.test).
 */
class DagPytestITCase {
    @Test
    void dagTestsPass() throws Exception {
        Path home = Path.of(System.getProperty("reckon.home", "..")).toAbsolutePath().normalize();
        Path cache = Path.of(System.getProperty("reckon.airflow.venv.cache",
                System.getProperty("user.home") + "/.cache/reckon"));
        Path venv = LocalAirflow.ensureVenv(home, cache);
        Path work = home.resolve("orchestration/target/airflow-pytest");
        AirflowRestClientITCase.deleteRecursively(work);
        Files.createDirectories(work.resolve("home"));
        Path log = work.resolve("pytest.log");
        ProcessBuilder pb = new ProcessBuilder(venv.resolve("bin/python").toString(), "-m", "pytest", "-v",
                "-p", "no:cacheprovider", home.resolve("orchestration/airflow/tests").toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AIRFLOW_HOME", work.resolve("home").toString());
        // The Java chain's steps, commands and timeouts, which the DAG's own copy must equal.
        Path chain = work.resolve("java-nightly-chain.json");
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(chain.toFile(),
                io.reckon.orchestration.nightly.NightlyChain.definition());
        pb.environment().put("RECKON_JAVA_NIGHTLY_CHAIN", chain.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Instant t0 = Instant.now();
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        System.out.printf("[measure] pytest of the DAG: %.1f s%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
        assertThat(finished).as("pytest finished within 10 min").isTrue();
        assertThat(p.exitValue()).as("pytest exit code; output in " + log).isZero();
        assertThat(output).containsPattern("\\d+ passed");
    }
}
