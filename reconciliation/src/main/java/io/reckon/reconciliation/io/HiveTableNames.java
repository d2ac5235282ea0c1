package io.reckon.reconciliation.io;

import io.reckon.schemas.definitions.HiveTables;

import java.util.regex.Pattern;

/** The Hive tables reconciliation reads and writes; the contract's names in database {@code reckon} by default. */
public record HiveTableNames(String database, String exact, String batchRuns, String raw, String runs, String finals,
                             String billing) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public static final HiveTableNames DEFAULTS = new HiveTableNames(HiveTables.DATABASE, HiveTables.EXACT,
            HiveTables.BATCH_RUNS, HiveTables.RAW, HiveTables.RECONCILIATION_RUNS, HiveTables.FINAL_DAYS,
            HiveTables.BILLING);

    public HiveTableNames {
        for (String name : new String[] {database, exact, batchRuns, raw, runs, finals, billing}) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a plain Hive identifier");
            }
        }
    }

    public String exactTable() {
        return database + "." + exact;
    }

    public String batchRunsTable() {
        return database + "." + batchRuns;
    }

    public String rawTable() {
        return database + "." + raw;
    }

    public String runsTable() {
        return database + "." + runs;
    }

    public String finalsTable() {
        return database + "." + finals;
    }

    public String billingTable() {
        return database + "." + billing;
    }
}
