package io.reckon.batch;

import io.reckon.schemas.definitions.HiveTables;

import java.util.regex.Pattern;

/**
 * The Hive tables the job reads and writes. Defaults are the contract's names in database {@code reckon}; tests and
 * other deployments pass their own.
 */
public record TableNames(String database, String raw, String stats, String billing, String runs, String deadLetter) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public static final TableNames DEFAULTS =
            new TableNames(HiveTables.DATABASE, HiveTables.RAW, HiveTables.EXACT, HiveTables.BILLING,
                    HiveTables.BATCH_RUNS, HiveTables.DEAD_LETTER);

    public TableNames {
        for (String name : new String[] {database, raw, stats, billing, runs, deadLetter}) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a plain Hive identifier");
            }
        }
    }

    public static TableNames inDatabase(String database) {
        return new TableNames(database, DEFAULTS.raw, DEFAULTS.stats, DEFAULTS.billing, DEFAULTS.runs, DEFAULTS.deadLetter);
    }

    /** {@code database.table}; identifiers are checked plain, so no quoting is needed. */
    public String qualified(String table) {
        return database + "." + table;
    }

    public String rawTable() {
        return qualified(raw);
    }

    public String statsTable() {
        return qualified(stats);
    }

    public String billingTable() {
        return qualified(billing);
    }

    public String runsTable() {
        return qualified(runs);
    }

    public String deadLetterTable() {
        return qualified(deadLetter);
    }
}
