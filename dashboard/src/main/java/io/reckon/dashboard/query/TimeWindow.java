package io.reckon.dashboard.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A half-open range {@code [from, to)} of window starts, UTC. A request gives it as {@code day=YYYY-MM-DD}, or as
 * {@code from} and {@code to}, each a UTC day or an ISO-8601 instant ({@code 2026-11-30T06:00:00Z}).
 */
public record TimeWindow(Instant from, Instant to) {
    public TimeWindow {
        if (!from.isBefore(to)) {
            throw new BadRequest("from must be before to");
        }
    }

    public static TimeWindow ofDay(LocalDate day) {
        return new TimeWindow(day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** From the request's {@code day}, or its {@code from} and {@code to}; longer than {@code max} is refused. */
    public static TimeWindow parse(String day, String from, String to, Duration max) {
        TimeWindow w;
        if (day != null) {
            if (from != null || to != null) {
                throw new BadRequest("give day, or from and to, not both");
            }
            w = ofDay(parseDay("day", day));
        } else {
            if (from == null || to == null) {
                throw new BadRequest("give day=YYYY-MM-DD, or from and to (UTC days or ISO-8601 instants)");
            }
            w = new TimeWindow(instant("from", from), instant("to", to));
        }
        if (Duration.between(w.from, w.to).compareTo(max) > 0) {
            throw new BadRequest("the range is longer than " + max.toDays() + " days, the most this request allows");
        }
        return w;
    }

    public static LocalDate parseDay(String parameter, String value) {
        try {
            return inRange(parameter, LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            throw new BadRequest(parameter + " must be a UTC day, YYYY-MM-DD");
        }
    }

    /** Years 1970 to 9999 only: epoch milliseconds of every such day, and the day after, fit a long. */
    private static LocalDate inRange(String parameter, LocalDate day) {
        if (day.getYear() < 1970 || day.getYear() > 9999) {
            throw new BadRequest(parameter + " must be in the years 1970 to 9999");
        }
        return day;
    }

    private static Instant instant(String parameter, String value) {
        if (value.length() == 10) {
            return parseDay(parameter, value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            Instant at = Instant.parse(value);
            inRange(parameter, LocalDate.ofInstant(at, ZoneOffset.UTC));
            return at;
        } catch (DateTimeParseException e) {
            throw new BadRequest(parameter + " must be a UTC day (YYYY-MM-DD) or an ISO-8601 instant ending in Z");
        }
    }

    /** The UTC days this range touches, in order. */
    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
        for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC); !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }
}
