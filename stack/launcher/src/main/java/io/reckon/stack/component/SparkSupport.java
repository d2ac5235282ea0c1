package io.reckon.stack.component;

import io.reckon.stack.config.StackConfig;
import io.reckon.stack.process.JvmSpec;

import java.util.ArrayList;
import java.util.List;

/** Spark 3.5 on Java 17: the flags it needs, and a JVM pointed at the stack's shared metastore. */
public final class SparkSupport {
    private SparkSupport() {
    }

    public static List<String> java17Flags() {
        List<String> flags = new ArrayList<>(List.of("-XX:+IgnoreUnrecognizedVMOptions",
                "-Djdk.reflect.useDirectMethodHandle=false", "-XX:+UseG1GC"));
        flags.addAll(Runtimes.openJavaBase(List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
                "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
                "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar")));
        flags.add("--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED");
        return flags;
    }

    /** A local-mode Spark JVM with Hive support on the shared metastore; Spark reads spark.* system properties. */
    public static JvmSpec sparkJvm(StackConfig c, String component, String mainClass, String heap, int cores) {
        return new JvmSpec(component, Runtimes.classpath(c, "spark"), mainClass)
                .heap(heap)
                .jvmArgs(java17Flags())
                .property("spark.master", "local[" + cores + "]")
                .property("spark.driver.host", c.host())
                .property("spark.driver.bindAddress", c.host())
                .properties(c.sparkHiveSettings());
    }
}
