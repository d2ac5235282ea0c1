package io.reckon.batch;

import io.reckon.schemas.archive.ArchiveLayout;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The assumed completeness marker (see docs/batch.md): a file named {@code _COMPLETE} (configurable) in the hour's
 * partition folder of the raw archive, {@code <raw_ad_events location>/dt=YYYY-MM-DD/hr=H/_COMPLETE}, with the
 * unpadded hour. Its content is not read. Names starting with {@code _} are ignored by Spark and Hive readers, so the
 * marker never shows up as data. An hour without records still needs its marker (in an otherwise empty folder).
 */
public final class MarkerFileCompleteness implements HourCompleteness {
    public static final String DEFAULT_MARKER = ArchiveLayout.MARKER_NAME;

    private final Configuration hadoop;
    private final String tableLocation;
    private final String markerName;

    public MarkerFileCompleteness(Configuration hadoop, String tableLocation, String markerName) {
        this.hadoop = hadoop;
        this.tableLocation = tableLocation.endsWith("/") ? tableLocation.substring(0, tableLocation.length() - 1)
                : tableLocation;
        this.markerName = markerName;
    }

    /** The marker of one hour. */
    public static String markerPath(String tableLocation, LocalDate day, int hour, String markerName) {
        return ArchiveLayout.markerPath(tableLocation, day, hour, markerName);
    }

    @Override
    public List<Integer> incompleteHours(LocalDate day, HourRange hours) {
        List<Integer> incomplete = new ArrayList<>();
        try {
            FileSystem fs = FileSystem.get(URI.create(tableLocation), hadoop);
            for (int hour : hours.hours()) {
                if (!fs.exists(new Path(markerPath(tableLocation, day, hour, markerName)))) {
                    incomplete.add(hour);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for completeness markers under " + tableLocation, e);
        }
        return incomplete;
    }

    @Override
    public String describe() {
        return markerPath(tableLocation, LocalDate.of(2000, 1, 1), 0, markerName)
                .replace("dt=2000-01-01/hr=0", "dt=<day>/hr=<hour>");
    }
}
