package io.reckon.batch;

import io.reckon.platform.hive.HiveCatalog;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code bin/reckon batch --date D --check-complete}: is every hour of the day marked complete? Polled by the nightly
 * chain and the DAG's sensor, so it starts no Spark session when it can avoid one: the raw table's location comes from
 * {@code --raw-location} or HiveServer2 ({@code DESCRIBE FORMATTED}), and the markers are looked up with Hadoop's
 * FileSystem. Runs nothing and records no run.
 */
public final class ArchiveCheck {
    /** Exit code: every hour is marked complete. */
    public static final int COMPLETE = 0;
    /** Exit code: some hour is not marked complete yet (ask again later); the same code as a refused run. */
    public static final int NOT_COMPLETE = BatchMain.REFUSED;

    private ArchiveCheck() {
    }

    /** Prints one line and returns {@link #COMPLETE} or {@link #NOT_COMPLETE}. */
    public static int check(LocalDate day, HourRange hours, HourCompleteness completeness, PrintStream out) {
        List<Integer> incomplete = completeness.incompleteHours(day, hours);
        if (incomplete.isEmpty()) {
            out.println("archive of " + day + " complete: all " + hours.hours().size() + " hour(s) "
                    + (hours.isFullDay() ? "" : hours + " ") + "marked (" + completeness.describe() + ")");
            return COMPLETE;
        }
        out.println("archive of " + day + " NOT complete: hour(s) " + BatchJob.compact(incomplete) + " not marked ("
                + completeness.describe() + ")");
        return NOT_COMPLETE;
    }

    /** The table's location as the metastore has it, asked through HiveServer2 (hive-jdbc). */
    public static String locationOverHiveServer2(String jdbcUrl, String qualifiedTable) throws SQLException {
        try (Connection c = HiveServer2Refresh.connect(jdbcUrl)) {
            return HiveCatalog.location(c, qualifiedTable);
        }
    }
}
