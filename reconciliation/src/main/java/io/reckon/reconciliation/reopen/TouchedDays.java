package io.reckon.reconciliation.reopen;

import io.reckon.schemas.archive.TouchRecord;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which FINAL days the speed layer's touched-after-complete records reopen (docs/contract.md §6.3,
 * docs/reconciliation.md).
 *
 * <p>A touched record of day D says: records of D were archived after D's hours were decided complete, so a batch
 * result computed before they were in the archive misses them. "Newer than the FINAL" therefore means newer than the
 * <em>batch read</em> the FINAL rests on, not than the FINAL's own time (a reconcile may finalize an old batch result
 * long after the touch): D is reopened when a touched record of D became visible at or after the start of the
 * (earliest) batch run named by D's current FINAL row. The time a record became visible is its file's modification
 * time: the file is written only after the checkpoint that committed the records and one more have completed, so
 * a batch that started later certainly read them. {@code detected_at} is earlier than that commit (it is taken when
 * the checkpoint begins) and is only reported. Once the nightly run has re-run the batch (started after the file was
 * written) and reconciled, the new FINAL rests on a later batch start and the day is not listed again. A restart
 * of the speed layer that rewrites the same records into a new file may list a day once more: one needless re-run,
 * never a wrong number.
 */
public final class TouchedDays {
    private TouchedDays() {
    }

    /** One line of a touched-after-complete file, with the time its file was written. */
    public record Touch(LocalDate day, String hour, long detectedAt, long fileWrittenAt, String file) {
    }

    /**
     * The current FINAL row of a day and the earliest {@code batch_runs.started_at} of the batch run(s) it names
     * (empty when none of them is recorded: then any touch reopens the day).
     */
    public record FinalBasis(LocalDate day, long finalVersion, OptionalLong batchStartedAt) {
    }

    /** Parses one line ({@link TouchRecord}, the speed layer's format), keeping where and when its file was written. */
    public static Touch parse(String line, long fileWrittenAt, String file) {
        TouchRecord t;
        try {
            t = TouchRecord.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable touched-after-complete line in " + file + " ("
                    + e.getMessage() + "): " + line, e);
        }
        return new Touch(t.dt(), t.hr(), t.detectedAt(), fileWrittenAt, file);
    }

    /** The FINAL days before {@code before} that a touch reopens, ascending. */
    public static SortedSet<LocalDate> reopened(List<FinalBasis> finals, List<Touch> touches, LocalDate before) {
        Map<LocalDate, FinalBasis> byDay = new HashMap<>();
        for (FinalBasis f : finals) {
            FinalBasis other = byDay.get(f.day());
            if (other == null || f.finalVersion() > other.finalVersion()) {
                byDay.put(f.day(), f);
            }
        }
        SortedSet<LocalDate> days = new TreeSet<>();
        for (Touch t : touches) {
            if (!t.day().isBefore(before)) {
                continue;
            }
            FinalBasis f = byDay.get(t.day());
            if (f == null) {
                continue; // not FINAL: the nightly run reconciles it anyway
            }
            if (f.batchStartedAt().isEmpty() || t.fileWrittenAt() >= f.batchStartedAt().getAsLong()) {
                days.add(t.day());
            }
        }
        return days;
    }
}
