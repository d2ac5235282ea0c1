package io.reckon.stack.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every benchmark writes next to its numbers: the machine's load, and seconds since a start. */
public final class BenchClock {
    private BenchClock() {
    }

    /** {@code /proc/loadavg} as it is, or "?" where there is none. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Seconds since {@code startNanos} (a {@link System#nanoTime()}). */
    public static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
