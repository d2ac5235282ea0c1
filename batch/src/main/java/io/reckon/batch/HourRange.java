package io.reckon.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * A range of UTC hours of one day, both ends included: {@code 0-23} (the whole day), {@code 6-11} or {@code 7}.
 * The archive's {@code hr} partition values are the hours WITHOUT zero padding, see {@link #hrValues()}.
 */
public record HourRange(int first, int last) {
    public static final HourRange FULL_DAY = new HourRange(0, 23);

    public HourRange {
        if (first < 0 || last > 23 || first > last) {
            throw new IllegalArgumentException("hour range " + first + "-" + last + " is not within 0-23 in order");
        }
    }

    /** Parses {@code a-b} or {@code a}, hours 0..23. */
    public static HourRange parse(String text) {
        String t = text.trim();
        int dash = t.indexOf('-');
        try {
            if (dash < 0) {
                int h = Integer.parseInt(t);
                return new HourRange(h, h);
            }
            return new HourRange(Integer.parseInt(t.substring(0, dash).trim()),
                    Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hour range '" + text + "' is not 'a-b' or 'a' with hours 0..23");
        }
    }

    public boolean isFullDay() {
        return first == 0 && last == 23;
    }

    public boolean contains(int hour) {
        return hour >= first && hour <= last;
    }

    public List<Integer> hours() {
        List<Integer> hours = new ArrayList<>();
        for (int h = first; h <= last; h++) {
            hours.add(h);
        }
        return hours;
    }

    /** The archive's partition values: "0".."23", unpadded (see io.reckon.schemas.time.UtcTime#hr). */
    public List<String> hrValues() {
        return hours().stream().map(String::valueOf).toList();
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
