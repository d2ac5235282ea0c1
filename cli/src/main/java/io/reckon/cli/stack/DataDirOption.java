package io.reckon.cli.stack;

import io.reckon.stack.location.DefaultEndpoints;
import io.reckon.stack.location.StackLocation;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code --data-dir}: the pipeline a command works on. Its {@code stack.properties} gives every endpoint and name not
 * given as an option; without it, {@code RECKON_DATA_DIR}, else {@code <reckon home>/.reckon} (a picocli mixin).
 */
public final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "The pipeline's data directory, whose "
            + "stack.properties gives the endpoints and names not given here (default: RECKON_DATA_DIR, else "
            + "<reckon home>/.reckon).")
    Path dataDir;

    private Properties stack;

    public DataDirOption() {
    }

    /** The option set to {@code dir} (tests, and a command that starts another). */
    public static DataDirOption of(Path dir) {
        DataDirOption option = new DataDirOption();
        option.dataDir = dir;
        return option;
    }

    public Path dataDir() {
        return dataDir != null ? dataDir.toAbsolutePath().normalize() : StackLocation.dataDir();
    }

    /** Whether {@code --data-dir} was given. */
    public boolean given() {
        return dataDir != null;
    }

    /** The data directory's {@code stack.properties}; empty when there is no local stack there. */
    public Properties stack() {
        if (stack == null) {
            stack = StackLocation.endpoints(dataDir());
        }
        return stack;
    }

    /** {@code given} if set, else the endpoint {@code key} of stack.properties, else {@link DefaultEndpoints}'. */
    public String endpoint(String given, String key) {
        return given != null ? given : DefaultEndpoints.of(stack(), key);
    }
}
