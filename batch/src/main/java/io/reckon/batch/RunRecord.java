package io.reckon.batch;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** One row of {@code batch_runs}: what a run did, including refused and failed runs. */
public record RunRecord(String runId, String dt, Status status, boolean forced, long startedAt, long finishedAt,
                        long inputRows, long validRows, long invalidRows, long duplicateRows,
                        long repeatedPositions, long outputRows,
                        long billingRows, long totalImpressions, long totalClicks,
                        Map<String, Long> spendMicrosByCurrency, Map<Integer, Long> maxOffsetByPartition,
                        String message) {

    public enum Status { SUCCEEDED, FAILED, REFUSED }

    /** Columns of batch_runs, in table order (05_batch_runs.sql). */
    public static final StructType SCHEMA = new StructType(new StructField[] {
            DataTypes.createStructField("run_id", DataTypes.StringType, true),
            DataTypes.createStructField("dt", DataTypes.StringType, true),
            DataTypes.createStructField("status", DataTypes.StringType, true),
            DataTypes.createStructField("forced", DataTypes.BooleanType, true),
            DataTypes.createStructField("started_at", DataTypes.LongType, true),
            DataTypes.createStructField("finished_at", DataTypes.LongType, true),
            DataTypes.createStructField("duration_ms", DataTypes.LongType, true),
            DataTypes.createStructField("input_rows", DataTypes.LongType, true),
            DataTypes.createStructField("valid_rows", DataTypes.LongType, true),
            DataTypes.createStructField("invalid_rows", DataTypes.LongType, true),
            DataTypes.createStructField("duplicate_rows", DataTypes.LongType, true),
            DataTypes.createStructField("output_rows", DataTypes.LongType, true),
            DataTypes.createStructField("total_impressions", DataTypes.LongType, true),
            DataTypes.createStructField("total_clicks", DataTypes.LongType, true),
            DataTypes.createStructField("spend_micros_by_currency",
                    DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true),
            DataTypes.createStructField("max_offset_by_partition",
                    DataTypes.createMapType(DataTypes.IntegerType, DataTypes.LongType), true),
            DataTypes.createStructField("message", DataTypes.StringType, true),
            DataTypes.createStructField("repeated_positions", DataTypes.LongType, true),
    });

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public RunRecord {
        spendMicrosByCurrency = new TreeMap<>(spendMicrosByCurrency);
        maxOffsetByPartition = new TreeMap<>(maxOffsetByPartition);
    }

    /** A new run id: {@code batch-<day>-<UTC start>-<8 hex>}; sortable by start time within a day, never reused. */
    public static String newRunId(LocalDate day, long startedAt) {
        return "batch-" + day + "-" + STAMP.format(Instant.ofEpochMilli(startedAt)) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A run that ended before computing anything (refused or failed early). */
    public static RunRecord withoutCounts(String runId, LocalDate day, Status status, boolean forced, long startedAt,
                                          long finishedAt, String message) {
        return new RunRecord(runId, day.toString(), status, forced, startedAt, finishedAt, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                Map.of(), Map.of(), message);
    }

    public long durationMs() {
        return finishedAt - startedAt;
    }

    public RunRecord failed(long finishedAt, String message) {
        return new RunRecord(runId, dt, Status.FAILED, forced, startedAt, finishedAt, inputRows, validRows,
                invalidRows, duplicateRows, repeatedPositions, outputRows, billingRows, totalImpressions, totalClicks,
                spendMicrosByCurrency, maxOffsetByPartition, message);
    }

    public Row toRow() {
        return RowFactory.create(runId, dt, status.name(), forced, startedAt, finishedAt, durationMs(), inputRows,
                validRows, invalidRows, duplicateRows, outputRows, totalImpressions, totalClicks,
                new TreeMap<>(spendMicrosByCurrency), new TreeMap<>(maxOffsetByPartition), message, repeatedPositions);
    }

    /** The human summary printed at the end of a run. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("run ").append(runId).append(": ").append(status).append(forced ? " (forced)" : "")
                .append(" for ").append(dt).append(" in ").append(String.format(Locale.ROOT, "%.1f s",
                        durationMs() / 1000.0)).append('\n');
        if (status != Status.REFUSED) {
            s.append(String.format(Locale.ROOT, "  input rows      %,d (valid %,d, invalid %,d, duplicates %,d)%n",
                    inputRows, validRows, invalidRows, duplicateRows));
            if (repeatedPositions > 0) {
                s.append(String.format(Locale.ROOT, "  repeated        %,d archive row(s) at a position archived before: "
                        + "counted once%n", repeatedPositions));
            }
            s.append(String.format(Locale.ROOT, "  output rows     %,d minute rows, %,d billing rows%n",
                    outputRows, billingRows));
            s.append(String.format(Locale.ROOT, "  totals          %,d impressions, %,d clicks%n",
                    totalImpressions, totalClicks));
            spendMicrosByCurrency.forEach((currency, micros) -> s.append(String.format(Locale.ROOT,
                    "  spend %s       %,d micros%n", currency, micros)));
            if (!maxOffsetByPartition.isEmpty()) {
                s.append("  max offset read ").append(maxOffsetByPartition).append('\n');
            }
        }
        if (message != null && !message.isEmpty()) {
            s.append("  ").append(message).append('\n');
        }
        return s.toString();
    }
}
