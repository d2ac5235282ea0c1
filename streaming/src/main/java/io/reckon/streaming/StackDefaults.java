package io.reckon.streaming;

import io.reckon.stack.location.StackLocation;
import io.reckon.streaming.archive.HiveJdbc;

import java.nio.file.Path;
import java.util.Optional;

/** What {@code bin/reckon stream} takes from a data directory's {@code stack.properties} when no option names it. */
final class StackDefaults {
    private StackDefaults() {
    }

    static String property(Path dataDir, String key, String fallback) {
        return StackLocation.endpoints(dataDir).getProperty(key, fallback);
    }

    /**
     * The archive table's location as the metastore has it; if HiveServer2 cannot say, the local stack's warehouse
     * layout (Hive's {@code <warehouse>/<database>.db/<table>}, which the contract's DDL follows); empty without a
     * local stack.
     */
    static Optional<String> archiveLocation(Path dataDir, String url, String hiveJdbcJar, String database, String table) {
        try {
            String location = HiveJdbc.tableLocation(HiveJdbc.locateJar(hiveJdbcJar), url, database, table);
            if (location != null && !location.isBlank()) {
                return Optional.of(location);
            }
        } catch (Exception e) {
            System.err.println("reckon stream: cannot ask " + url + " for the location of " + database + "." + table
                    + " (" + e.getMessage() + "); using the local warehouse layout");
        }
        String warehouse = property(dataDir, "warehouse.dir", null);
        if (warehouse == null) {
            return Optional.empty();
        }
        return Optional.of(Path.of(warehouse).toUri().toString().replaceAll("/$", "") + "/" + database + ".db/" + table);
    }
}
