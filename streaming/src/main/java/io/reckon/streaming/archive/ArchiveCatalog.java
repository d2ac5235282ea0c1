package io.reckon.streaming.archive;

import java.io.Serializable;
import java.util.Collection;

/** Where the archive's partitions are registered: the metastore, through HiveServer2 in production. */
public interface ArchiveCatalog extends AutoCloseable {

    /** Registers these hours' partitions ({@code ADD IF NOT EXISTS}: repeatable). */
    void registerPartitions(Collection<Long> hourStarts) throws Exception;

    @Override
    void close();

    /** Opens a catalog on the task manager (the operator carries the factory, not the connection). */
    interface Factory extends Serializable {
        ArchiveCatalog open() throws Exception;
    }
}
