package io.reckon.dashboard.numbers;

import io.reckon.dashboard.finality.DayFinality;
import io.reckon.schemas.version.Versions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a number of a day counts, decided from the FINAL days and the version classes its rows show.
 * <ul>
 *   <li>FINAL: reconciliation recorded the day at {@code final_version} F and every batch row of it is at or below F.
 *       Its numbers count exactly the rows at batch versions up to F, what reconciliation verified and the billing
 *       export holds. Speed rows that reached the day after (late events) are {@code since_final}, shown apart.</li>
 *   <li>REVISING: FINAL at F, but some row is above F: a newer reconciliation of the day has published and not yet
 *       recorded FINAL. Pinot's upsert table no longer holds every row F counted (a newer version replaces a row),
 *       so the FINAL numbers cannot be read from it: the day's numbers are provisional (every row counts) until the
 *       new version is FINAL. Nothing half-written is presented as FINAL.</li>
 *   <li>PROVISIONAL: not FINAL; every row counts.</li>
 * </ul>
 */
public final class FinalView {
    public enum Status { FINAL, REVISING, PROVISIONAL }

    /** Counted in the day's number, or shown apart as having arrived after FINAL. */
    public enum Share { COUNTED, SINCE_FINAL }

    private final Map<LocalDate, DayFinality> finals;
    private final Set<LocalDate> revising;

    private FinalView(Map<LocalDate, DayFinality> finals, Set<LocalDate> revising) {
        this.finals = finals;
        this.revising = revising;
    }

    /** The version class of a row: 0 for a speed row, else its batch version. */
    public static long versionClass(long version) {
        return version < Versions.BATCH_BASE ? 0 : version;
    }

    /** The view of rows whose (UTC instant, version class) pairs are {@code seen}. */
    public static <T> FinalView of(Map<LocalDate, DayFinality> finals, Collection<T> seen, Function<T, Instant> at,
                                   Function<T, Long> versionClass) {
        Set<LocalDate> revising = new HashSet<>();
        for (T t : seen) {
            LocalDate day = LocalDate.ofInstant(at.apply(t), ZoneOffset.UTC);
            DayFinality f = finals.get(day);
            if (f != null && versionClass.apply(t) > f.finalVersion()) {
                revising.add(day);
            }
        }
        return new FinalView(finals, revising);
    }

    public Status status(LocalDate day) {
        return !finals.containsKey(day) ? Status.PROVISIONAL : revising.contains(day) ? Status.REVISING : Status.FINAL;
    }

    public Share share(LocalDate day, long versionClass) {
        if (status(day) != Status.FINAL) {
            return Share.COUNTED;
        }
        return versionClass >= Versions.BATCH_BASE && versionClass <= finals.get(day).finalVersion()
                ? Share.COUNTED : Share.SINCE_FINAL;
    }

    public Share share(Instant at, long versionClass) {
        return share(LocalDate.ofInstant(at, ZoneOffset.UTC), versionClass);
    }

    public DayFinality finality(LocalDate day) {
        return finals.get(day);
    }
}
