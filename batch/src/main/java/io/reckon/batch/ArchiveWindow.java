package io.reckon.batch;

import java.time.LocalDate;
import java.util.Optional;

/**
 * How much of the archive around the day is consulted for other copies of the day's event ids.
 *
 * <p>The contract's dedup rule (the first valid copy by partition offset counts, however far apart the copies
 * arrived) needs every earlier valid copy, and such a copy can sit in any {@code dt} partition: a valid record sits
 * in the partition of its own event_time, which may be on another day than the copy being decided (a conflicting
 * duplicate with another event_time, a re-send days later). So by default the whole archive is consulted (only the
 * {@code record_key}, offsets and, for rows whose key matches one of the day's ids, the value are used).
 * A deployment with a very long archive may bound the window with {@code lookbackDays}/{@code lookaheadDays}:
 * then a copy outside the window is not seen. Null means unbounded.
 */
public record ArchiveWindow(Integer lookbackDays, Integer lookaheadDays) {
    public static final ArchiveWindow UNBOUNDED = new ArchiveWindow(null, null);

    public ArchiveWindow {
        if (lookbackDays != null && lookbackDays < 0 || lookaheadDays != null && lookaheadDays < 0) {
            throw new IllegalArgumentException("lookback and lookahead days must be >= 0");
        }
    }

    /** The first dt to consult, if bounded (dt strings YYYY-MM-DD compare like dates). */
    public Optional<String> fromDt(LocalDate day) {
        return lookbackDays == null ? Optional.empty() : Optional.of(day.minusDays(lookbackDays).toString());
    }

    /** The last dt to consult, if bounded. */
    public Optional<String> toDt(LocalDate day) {
        return lookaheadDays == null ? Optional.empty() : Optional.of(day.plusDays(lookaheadDays).toString());
    }

    @Override
    public String toString() {
        return (lookbackDays == null ? "all earlier days" : lookbackDays + " day(s) before") + ", "
                + (lookaheadDays == null ? "all later days" : lookaheadDays + " day(s) after");
    }
}
