package io.reckon.batch;

import java.time.LocalDate;
import java.util.List;

/**
 * Which hours of a day the archive marks complete. The batch layer refuses to compute a day whose hours are not all
 * complete (unless forced): an incomplete hour would give a final-looking but short total. The marker is written by
 * the speed layer's archive (issue #4) once its watermark has passed the hour's end plus a grace period, after the
 * checkpoint that covers the hour's files.
 */
public interface HourCompleteness {

    /** The hours of {@code hours} on {@code day} that are NOT marked complete, ascending. */
    List<Integer> incompleteHours(LocalDate day, HourRange hours);

    /** Where the markers are looked for, for messages. */
    String describe();
}
