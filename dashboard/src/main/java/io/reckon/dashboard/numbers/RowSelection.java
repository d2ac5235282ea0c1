package io.reckon.dashboard.numbers;

import io.reckon.dashboard.finality.DayFinality;
import io.reckon.dashboard.query.TimeWindow;
import io.reckon.schemas.version.Versions;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which Pinot rows a number counts, as segments of window starts and versions. A FINAL day counts only its rows at
 * batch versions up to its {@code final_version}: exactly what reconciliation verified and the billing export holds.
 * Rows that arrived after (late events' speed rows, or a newer run's rows not yet FINAL) are "since FINAL", shown
 * apart. A provisional day counts every row.
 */
public record RowSelection(List<Segment> segments) {
    /** Rows with {@code window_start} in {@code window} and {@code minVersion <= version <= maxVersion}. */
    public record Segment(TimeWindow window, long minVersion, long maxVersion) {
    }

    public RowSelection {
        segments = List.copyOf(segments);
    }

    /** The rows a number over {@code window} counts, given the FINAL days among its days. */
    public static RowSelection counted(TimeWindow window, Map<LocalDate, DayFinality> finals) {
        List<Segment> out = new ArrayList<>();
        for (LocalDate day : window.days()) {
            TimeWindow part = window.within(day).orElseThrow();
            DayFinality f = finals.get(day);
            if (f == null) {
                appendMerging(out, new Segment(part, 0, Long.MAX_VALUE));
            } else {
                out.add(new Segment(part, Versions.BATCH_BASE, f.finalVersion()));
            }
        }
        return new RowSelection(out);
    }

    /** The rows of the FINAL days of {@code window} that their FINAL number does not count. */
    public static RowSelection sinceFinal(TimeWindow window, Map<LocalDate, DayFinality> finals) {
        List<Segment> out = new ArrayList<>();
        for (LocalDate day : window.days()) {
            DayFinality f = finals.get(day);
            if (f != null) {
                TimeWindow part = window.within(day).orElseThrow();
                out.add(new Segment(part, 0, Versions.BATCH_BASE - 1));
                if (f.finalVersion() < Long.MAX_VALUE) {
                    out.add(new Segment(part, f.finalVersion() + 1, Long.MAX_VALUE));
                }
            }
        }
        return new RowSelection(out);
    }

    private static void appendMerging(List<Segment> out, Segment s) {
        if (!out.isEmpty()) {
            Segment last = out.get(out.size() - 1);
            if (last.minVersion() == s.minVersion() && last.maxVersion() == s.maxVersion()
                    && last.window().to().equals(s.window().from())) {
                out.set(out.size() - 1, new Segment(new TimeWindow(last.window().from(), s.window().to()),
                        s.minVersion(), s.maxVersion()));
                return;
            }
        }
        out.add(s);
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The selection as one Pinot predicate (numbers only: nothing from a request reaches it as text). */
    public String pinotPredicate() {
        if (segments.isEmpty()) {
            return "1 = 0";
        }
        return segments.stream().map(s -> {
            StringBuilder b = new StringBuilder("(window_start >= ").append(s.window().from().toEpochMilli())
                    .append(" AND window_start < ").append(s.window().to().toEpochMilli());
            if (s.minVersion() > 0) {
                b.append(" AND version >= ").append(s.minVersion());
            }
            if (s.maxVersion() < Long.MAX_VALUE) {
                b.append(" AND version <= ").append(s.maxVersion());
            }
            return b.append(')').toString();
        }).collect(Collectors.joining(" OR ", "(", ")"));
    }
}
