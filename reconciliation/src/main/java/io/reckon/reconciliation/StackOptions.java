package io.reckon.reconciliation;

import io.reckon.cli.stack.DataDirOption;
import io.reckon.cli.stack.HiveServer2Option;
import io.reckon.schemas.definitions.PipelineNames;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options by which reconciliation's commands find their pipeline (a picocli mixin): the shared
 * {@code --data-dir} and {@code --hive-url} of {@code cli}, and the Hive database, whose default is the pipeline's.
 */
final class StackOptions {
    @Mixin
    DataDirOption dir;

    @Mixin
    HiveServer2Option hive;

    @Option(names = "--database", description = "Hive database (default: stack.properties hive.database, else reckon)")
    String database;

    Path dataDir() {
        return dir.dataDir();
    }

    /** The names of this data directory's pipeline: the stack's or an instance's. */
    PipelineNames names() {
        return PipelineNames.from(dir.stack());
    }

    String hiveUrl() {
        return hive.url(dir);
    }

    String database() {
        return database != null ? database : names().hiveDatabase();
    }
}
