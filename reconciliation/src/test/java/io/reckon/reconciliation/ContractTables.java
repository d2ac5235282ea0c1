package io.reckon.reconciliation;

import io.reckon.schemas.definitions.ContractResources;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The contract's Hive tables that reconciliation reads and writes, created in a database of a test's (or a bench's) own. */
public final class ContractTables {
    private static final List<String> DDL = List.of("reckon/hive/00_database.sql", "reckon/hive/01_raw_ad_events.sql",
            "reckon/hive/03_ad_stats_minute_exact.sql", "reckon/hive/05_batch_runs.sql",
            "reckon/hive/06_reconciliation_runs.sql", "reckon/hive/07_final_days.sql");

    private ContractTables() {
    }

    /** Runs the contract's DDL through HiveServer2 for database {@code db}. */
    public static void create(Connection hive, String db, String warehouseDir) throws SQLException {
        try (Statement st = hive.createStatement()) {
            for (String file : DDL) {
                st.execute(ContractResources.hiveStatement(file, db, "file:" + warehouseDir));
            }
        }
    }
}
