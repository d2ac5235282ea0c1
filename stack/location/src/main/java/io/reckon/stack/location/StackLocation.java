package io.reckon.stack.location;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The one rule for where the local stack lives, shared by the launcher's clients (jobs, tests, the nightly chain):
 * the repository root is {@code -Dreckon.home} (set by bin/reckon and by the build), else the working directory;
 * the data directory is {@code RECKON_DATA_DIR} — an absolute path, or one relative to the repository root, never
 * to the working directory (bin/reckon may be called from anywhere) — else {@code .reckon} under the root.
 */
public final class StackLocation {
    public static final String DATA_DIR_ENV = "RECKON_DATA_DIR";
    public static final String HOME_PROPERTY = "reckon.home";
    public static final String DEFAULT_DATA_DIR = ".reckon";

    private StackLocation() {
    }

    /** The repository root of this process. */
    public static Path home() {
        return Path.of(System.getProperty(HOME_PROPERTY, ".")).toAbsolutePath().normalize();
    }

    /**
     * The repository root for a process that may run anywhere inside the repository (a module's tests run in the
     * module's folder): {@code -Dreckon.home} if it holds {@code bin/reckon}, else the nearest folder at or above
     * {@code from} that does; empty if none does.
     */
    public static Optional<Path> findHome(Path from) {
        String prop = System.getProperty(HOME_PROPERTY);
        if (prop != null && Files.isExecutable(Path.of(prop, "bin", "reckon"))) {
            return Optional.of(Path.of(prop).toAbsolutePath().normalize());
        }
        for (Path p = from.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin").resolve("reckon"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The data directory of this process (its environment and {@link #home()}). */
    public static Path dataDir() {
        return dataDir(home(), System.getenv());
    }

    public static Path dataDir(Path home, Map<String, String> env) {
        String dir = env.get(DATA_DIR_ENV);
        Path base = home.toAbsolutePath().normalize();
        return (dir == null || dir.isBlank() ? base.resolve(DEFAULT_DATA_DIR) : base.resolve(dir)).normalize();
    }

    /** The endpoints file that {@code bin/reckon stack up} writes into the data directory. */
    public static Path endpointsFile(Path dataDir) {
        return dataDir.resolve("stack.properties");
    }

    /**
     * The endpoints the local stack wrote into {@code dataDir} ({@code kafka.bootstrap}, {@code hive.jdbc.url}, ...);
     * empty when there is no local stack there (a real cluster: every endpoint then comes from options).
     */
    public static Properties endpoints(Path dataDir) {
        Properties p = new Properties();
        Path file = endpointsFile(dataDir);
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the local stack's endpoints " + file, e);
            }
        }
        return p;
    }
}
