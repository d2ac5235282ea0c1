package io.reckon.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration format of every reckon command, option and setting: a whole number with a unit ({@code 500ms},
 * {@code 5s}, {@code 10m}, {@code 6h}, {@code 2d}), {@code 0}, or ISO-8601 ({@code PT90S}, {@code PT0.5S},
 * {@code P1D}; any case). Where a bare number was once accepted with a unit of its own (the Airflow client's
 * seconds, the nightly chain's minutes), {@link #parse(String, ChronoUnit)} keeps that meaning.
 */
public final class Durations {
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern BARE = Pattern.compile("\\d+");
    /** What the error message suggests. */
    public static final String EXAMPLES = "500ms, 5s, 10m, 6h, 2d or ISO-8601 such as PT90S";

    private Durations() {
    }

    /** Parses the one format; a bare number other than 0 is refused (its unit would be a guess). */
    public static Duration parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses the one format, reading a bare number in {@code bareNumberUnit} (null: refused).
     *
     * @throws IllegalArgumentException naming the text and the accepted forms; also for a negative duration
     */
    public static Duration parse(String text, ChronoUnit bareNumberUnit) {
        String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        if (v.startsWith("p") || v.startsWith("-p")) {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        } else if (BARE.matcher(v).matches() && (bareNumberUnit != null || v.chars().allMatch(c -> c == '0'))) {
            d = bareNumberUnit == null ? Duration.ZERO : Duration.of(Long.parseLong(v), bareNumberUnit);
        } else {
            Matcher m = WITH_UNIT.matcher(v);
            if (!m.matches()) {
                throw invalid(text);
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("a duration cannot be negative, got '" + text + "'");
        }
        return d;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("not a duration: '" + text + "' (use " + EXAMPLES + ")");
    }
}
