package io.reckon.cli.stack;

import picocli.CommandLine.Option;

import java.util.Optional;

/**
 * {@code --hive-url}: HiveServer2's JDBC URL (a picocli mixin). {@code --hive-jdbc-url} (stream) and
 * {@code --hiveserver2-url} (batch) are its older spellings and keep working.
 */
public final class HiveServer2Option {
    @Option(names = {"--hive-url", "--hive-jdbc-url", "--hiveserver2-url"}, paramLabel = "URL",
            description = "HiveServer2 JDBC URL (default: hive.jdbc.url of the data directory's stack.properties).")
    String url;

    /** The option as given, if it was. */
    public Optional<String> given() {
        return Optional.ofNullable(url);
    }

    /** The option, else the data directory's endpoint, else the default local stack's. */
    public String url(DataDirOption dir) {
        return dir.endpoint(url, "hive.jdbc.url");
    }
}
