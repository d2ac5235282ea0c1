package io.reckon.stack.component;

import io.reckon.stack.StackException;
import io.reckon.stack.config.StackConfig;
import io.reckon.stack.process.JvmSpec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Spark's own spark-sql CLI in a separate JVM on the shared metastore: the simplest proof (and a handy tool)
 * that a Spark job outside the Thrift server reads and writes the same tables.
 */
public final class SparkSqlCli {
    private SparkSqlCli() {
    }

    /**
     * Runs the SQL script and returns the exit code. Output goes to {@code output} (a file), or to this
     * process's console when {@code output} is null.
     */
    public static int run(StackConfig c, String sql, File output, Duration timeout) {
        JvmSpec spec = SparkSupport.sparkJvm(c, "spark-sql", "org.apache.spark.sql.hive.thriftserver.SparkSQLCLIDriver", "768m", 1)
                .property("spark.app.name", "reckon-spark-sql")
                .property("spark.sql.shuffle.partitions", "2")
                .workDir(c.componentDir("spark-sql"))
                .args("-e", sql);
        try {
            Files.createDirectories(spec.workDir());
            ProcessBuilder pb = new ProcessBuilder(spec.command()).directory(spec.workDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (output == null) {
                pb.redirectOutput(ProcessBuilder.Redirect.INHERIT)
                        .redirectError(ProcessBuilder.Redirect.appendTo(c.logFile("spark-sql").toFile()));
                Files.createDirectories(c.logFile("spark-sql").getParent());
            } else {
                pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output));
            }
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new StackException("spark-sql did not finish within " + timeout.toSeconds() + " s");
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new StackException("cannot run spark-sql: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running spark-sql");
        }
    }
}
