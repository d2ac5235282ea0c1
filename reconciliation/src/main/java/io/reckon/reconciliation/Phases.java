package io.reckon.reconciliation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Wall-clock time per phase of a run, in the order the phases first ran (a phase that runs twice adds up). Printed
 * as one line, {@code timings_ms: name=ms name=ms ... total=ms}, which bench/reconciliation parses.
 */
public final class Phases {
    public static final String PREFIX = "timings_ms:";

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final long startedAt = System.nanoTime();

    /** Adds {@code elapsedNanos} to the phase. */
    public void add(String phase, long elapsedNanos) {
        if (elapsedNanos < 0) {
            throw new IllegalArgumentException("negative time for " + phase);
        }
        nanos.merge(phase, elapsedNanos, Long::sum);
    }

    /** Runs the step and adds its wall-clock time to the phase (also when it throws). */
    public <T> T time(String phase, Supplier<T> step) {
        long t = System.nanoTime();
        try {
            return step.get();
        } finally {
            add(phase, System.nanoTime() - t);
        }
    }

    public void time(String phase, Runnable step) {
        time(phase, () -> {
            step.run();
            return null;
        });
    }

    /** Milliseconds of the phase, 0 if it never ran. */
    public long millis(String phase) {
        return nanos.getOrDefault(phase, 0L) / 1_000_000L;
    }

    /** {@code timings_ms: a=1 b=2 total=5}; total is the wall clock since this object was made. */
    public String line() {
        StringJoiner j = new StringJoiner(" ", PREFIX + " ", "");
        nanos.forEach((phase, ns) -> j.add(phase + "=" + ns / 1_000_000L));
        j.add("total=" + (System.nanoTime() - startedAt) / 1_000_000L);
        return j.toString();
    }

    /** Parses a {@link #line()} back (for the benchmark): phase -> ms, in order, total included. */
    public static Map<String, Long> parse(String line) {
        String s = line.strip();
        if (!s.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a timings line: " + line);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String part : s.substring(PREFIX.length()).strip().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad timing '" + part + "' in: " + line);
            }
            out.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
        }
        return out;
    }
}
