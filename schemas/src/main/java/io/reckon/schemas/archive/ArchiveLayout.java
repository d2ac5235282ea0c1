package io.reckon.schemas.archive;

import io.reckon.schemas.time.UtcTime;

import java.time.LocalDate;

/**
 * The raw archive's folder layout under the {@code raw_ad_events} table's location (docs/contract.md §6): the one
 * definition that the speed layer (writer), the batch layer and reconciliation (readers) and the demo use.
 *
 * <pre>
 * &lt;location&gt;/dt=YYYY-MM-DD/hr=H/part-*.parquet             records of the hour (H unpadded: 0..23)
 * &lt;location&gt;/dt=YYYY-MM-DD/hr=H/_COMPLETE                  the hour is complete (written once, by the speed layer)
 * &lt;location&gt;/_touched_after_complete/dt=YYYY-MM-DD/&lt;detected_at&gt;-chk&lt;N&gt;.json
 *                                                           records archived after their hour was complete
 * </pre>
 *
 * Names starting with {@code _} are ignored by Spark and Hive readers, so neither the markers nor the touch records
 * ever show up as rows.
 */
public final class ArchiveLayout {
    /** The completeness marker of an hour's partition folder. */
    public static final String MARKER_NAME = "_COMPLETE";
    /** The folder of touched-after-complete records ({@link TouchRecord}), one subfolder per day. */
    public static final String TOUCHED_DIR = "_touched_after_complete";

    private ArchiveLayout() {
    }

    /** {@code dt=YYYY-MM-DD/hr=H}: the partition folder of an hour, relative to the location. */
    public static String partitionPath(String dt, String hr) {
        return "dt=" + dt + "/hr=" + hr;
    }

    /** The partition folder of the hour that starts at {@code hourStart} (UTC epoch ms). */
    public static String partitionPath(long hourStart) {
        return partitionPath(UtcTime.dt(hourStart), UtcTime.hr(hourStart));
    }

    /** {@code dt=YYYY-MM-DD}: a day's folder, relative to the location. */
    public static String dayPath(LocalDate day) {
        return "dt=" + day;
    }

    /** The marker of one hour: {@code <location>/dt=D/hr=H/_COMPLETE} ({@code markerName} where it is configured). */
    public static String markerPath(String location, LocalDate day, int hour, String markerName) {
        return withSlash(location) + partitionPath(day.toString(), Integer.toString(hour)) + "/" + markerName;
    }

    /** The folder of all touched-after-complete records: {@code <location>/_touched_after_complete}. */
    public static String touchedDir(String location) {
        return withSlash(location) + TOUCHED_DIR;
    }

    /** The file of one day's touch records of one checkpoint. */
    public static String touchedFile(String location, String dt, long detectedAt, long checkpointId) {
        return touchedDir(location) + "/dt=" + dt + "/" + detectedAt + "-chk" + checkpointId + ".json";
    }

    private static String withSlash(String location) {
        return location.endsWith("/") ? location : location + "/";
    }
}
