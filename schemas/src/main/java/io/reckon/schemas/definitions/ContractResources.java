package io.reckon.schemas.definitions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Classpath locations of the definition files shipped in this jar, and their placeholders. A provisioner reads
 * them with {@link #read}, fills placeholders with {@link Placeholders#substitute}, and applies them.
 */
public final class ContractResources {
    public static final String KAFKA_TOPICS = "reckon/kafka/topics.json";

    public static final String PINOT_SCHEMA = "reckon/pinot/ad_stats_minute.schema.json";
    public static final String PINOT_TABLE = "reckon/pinot/ad_stats_minute.table.json";

    /** Hive DDL, one statement per file without a trailing semicolon, to be run in this order. */
    public static final List<String> HIVE_DDL = List.of(
            "reckon/hive/00_database.sql",
            "reckon/hive/01_raw_ad_events.sql",
            "reckon/hive/02_ad_events_dead_letter.sql",
            "reckon/hive/03_ad_stats_minute_exact.sql",
            "reckon/hive/04_ad_billing_daily.sql",
            "reckon/hive/05_batch_runs.sql",
            "reckon/hive/06_reconciliation_runs.sql",
            "reckon/hive/07_final_days.sql");

    /** Values for a local stack and the production defaults; a deployment overrides what differs. */
    public static final Map<String, String> DEFAULT_PLACEHOLDERS = Map.of(
            "pinot.table", PipelineNames.DEFAULT.pinotTable(),
            "kafka.topic", PipelineNames.DEFAULT.aggregatesTopic(),
            "hive.database", PipelineNames.DEFAULT.hiveDatabase());

    private ContractResources() {
    }

    /**
     * One Hive DDL file of {@link #HIVE_DDL} for a database: its tables in {@code database}, located under
     * {@code warehouseUri} (a file: or hdfs: URI without a trailing slash).
     */
    public static String hiveStatement(String path, String database, String warehouseUri) {
        return Placeholders.substitute(read(path), Map.of("hive.database", database, "warehouse.dir", warehouseUri));
    }

    public static String read(String path) {
        try (InputStream in = ContractResources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }
}
