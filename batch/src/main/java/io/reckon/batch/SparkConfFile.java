package io.reckon.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A file in Spark's {@code spark-defaults.conf} format: one {@code key value} per line (separated by whitespace or
 * {@code =}), {@code #} comments. The local stack writes one with its metastore and warehouse settings
 * ({@code .reckon/spark-defaults.conf}); on a cluster, spark-submit brings the cluster's own.
 */
public final class SparkConfFile {
    private SparkConfFile() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String rawLine : text.split("\r?\n")) {
            String line = rawLine.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int split = 0;
            while (split < line.length() && !Character.isWhitespace(line.charAt(split)) && line.charAt(split) != '=') {
                split++;
            }
            String key = line.substring(0, split);
            String value = line.substring(split).strip();
            if (value.startsWith("=")) {
                value = value.substring(1).strip();
            }
            settings.put(key, value);
        }
        return settings;
    }

    public static Map<String, String> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Spark settings from " + file, e);
        }
    }

    /**
     * The local stack's data directory: {@code RECKON_DATA_DIR} (relative to the repository root), else
     * {@code .reckon} under the repository root ({@code -Dreckon.home}, set by bin/reckon), if that is known.
     */
    public static Optional<Path> localStackDataDir(Map<String, String> env, String reckonHome) {
        String dataDir = env.get(io.reckon.stack.location.StackLocation.DATA_DIR_ENV);
        if (reckonHome == null || reckonHome.isBlank()) {
            // Not started by bin/reckon (e.g. spark-submit on a cluster): only an explicit, absolute setting counts.
            return dataDir == null || dataDir.isBlank() ? Optional.empty() : Optional.of(Path.of(dataDir));
        }
        return Optional.of(io.reckon.stack.location.StackLocation.dataDir(Path.of(reckonHome), env));
    }
}
