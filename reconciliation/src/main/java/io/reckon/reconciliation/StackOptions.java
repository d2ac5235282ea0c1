package io.reckon.reconciliation;

import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.stack.location.DefaultEndpoints;
import io.reckon.stack.location.StackLocation;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The options by which reconciliation's commands find their pipeline, written once (a picocli mixin): the data
 * directory, whose {@code stack.properties} gives every endpoint and pipeline name not given on the command line,
 * HiveServer2 and the Hive database.
 */
final class StackOptions {
    @Option(names = "--data-dir", description = "the stack's data directory (default: RECKON_DATA_DIR, else <reckon home>/.reckon)")
    Path dataDir;

    @Option(names = "--hive-url", description = "HiveServer2 JDBC URL (default: stack.properties hive.jdbc.url)")
    String hiveUrl;

    @Option(names = "--database", description = "Hive database (default: stack.properties hive.database, else reckon)")
    String database;

    private Properties stack;

    Path dataDir() {
        return dataDir != null ? dataDir : StackLocation.dataDir();
    }

    /** The data directory's stack.properties (empty when there is no local stack). */
    Properties stack() {
        if (stack == null) {
            stack = StackLocation.endpoints(dataDir());
        }
        return stack;
    }

    /** The names of this data directory's pipeline: the stack's or an instance's. */
    PipelineNames names() {
        return PipelineNames.from(stack());
    }

    /** {@code given} if set, else the endpoint {@code key} of stack.properties, else its fallback. */
    String endpoint(String given, String key) {
        return given != null ? given : DefaultEndpoints.of(stack(), key);
    }

    String hiveUrl() {
        return endpoint(hiveUrl, "hive.jdbc.url");
    }

    String database() {
        return database != null ? database : names().hiveDatabase();
    }
}
