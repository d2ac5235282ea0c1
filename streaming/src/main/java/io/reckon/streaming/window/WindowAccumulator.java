package io.reckon.streaming.window;

/** The running totals of one open grain row (one key, one minute), and what was last emitted for it. A POJO. */
public class WindowAccumulator {
    public long windowStart;
    public long impressions;
    public long clicks;
    public long spendMicros;
    /** The speed version of the last emission, -1 before the first. */
    public long lastVersion = -1;
    /** Whether the totals changed since the last emission. */
    public boolean dirty;

    public WindowAccumulator() {
    }
}
