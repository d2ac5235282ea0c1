package io.reckon.stack.component;

import io.reckon.stack.StackException;
import io.reckon.stack.config.StackConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The engines' own classpaths, resolved by Maven into stack/runtime-{kafka,pinot,spark}/target/classpath.txt.
 * Each engine runs with exactly its own jars: Pinot, Spark and Kafka bring clashing libraries.
 */
public final class Runtimes {
    private Runtimes() {
    }

    public static String classpath(StackConfig config, String runtime) {
        Path file = config.home().resolve("stack").resolve("runtime-" + runtime).resolve("target").resolve("classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new StackException("the " + runtime + " runtime is not built (" + file + " is missing); run: mvn -q -pl stack/runtime-"
                    + runtime + " package");
        }
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Flags Java 17 needs for engines written for Java 8/11 (reflection into java.base). */
    public static List<String> openJavaBase(List<String> packages) {
        return packages.stream().map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList();
    }
}
