package io.reckon.schemas.definitions;

import java.util.List;

/**
 * The Hive tables of the contract, by name: the one definition every layer's defaults use (the DDL is in
 * {@code reckon/hive/*.sql}, in {@link ContractResources#HIVE_DDL} order; a test checks that each name here is the table
 * its file creates). A deployment may name them otherwise with each command's {@code --*-table} options.
 */
public final class HiveTables {
    /** The database of the default pipeline; a pipeline instance has its own ({@link PipelineNames#hiveDatabase}). */
    public static final String DATABASE = "reckon";
    /** Every raw record of {@code ad-events}, archived by the speed layer (EXTERNAL, dt/hr). */
    public static final String RAW = "raw_ad_events";
    /** The invalid records, with their reasons (written by the batch layer, EXTERNAL, dt). */
    public static final String DEAD_LETTER = "ad_events_dead_letter";
    /** The batch layer's exact aggregates at the grain (dt). */
    public static final String EXACT = "ad_stats_minute_exact";
    /** The batch layer's billing rows per day, advertiser, campaign and currency (dt). */
    public static final String BILLING = "ad_billing_daily";
    /** One row per batch run: its outcome, lineage and totals. */
    public static final String BATCH_RUNS = "batch_runs";
    /** One row per reconcile run. */
    public static final String RECONCILIATION_RUNS = "reconciliation_runs";
    /** One row per FINAL version of a day. */
    public static final String FINAL_DAYS = "final_days";

    /** The tables in DDL order (files 01..07 of {@link ContractResources#HIVE_DDL}). */
    public static final List<String> ALL = List.of(RAW, DEAD_LETTER, EXACT, BILLING, BATCH_RUNS, RECONCILIATION_RUNS,
            FINAL_DAYS);

    private HiveTables() {
    }
}
