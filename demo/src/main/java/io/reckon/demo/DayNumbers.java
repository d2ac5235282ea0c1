package io.reckon.demo;

import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.truth.TruthRows;
import io.reckon.stack.StackException;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rows of one billing day at the contract's grain ({@link GrainKey}, the key every layer uses), values
 * {impressions, clicks, spend_micros}. All-zero rows count as absent (that is how reconciliation retracts).
 */
public final class DayNumbers {
    final Map<GrainKey, long[]> rows = new TreeMap<>(GrainKey.ORDER);
    /** Pinot's version of every row read from Pinot, all-zero rows included (empty for the ground truth). */
    final Map<GrainKey, Long> versions = new TreeMap<>(GrainKey.ORDER);

    /**
     * The generator's expected rows for the day (its own computation, independent of the pipeline), summed over
     * generator runs: runs use different seeds, so their event ids never collide.
     */
    public static DayNumbers truth(LocalDate day, Path... csvs) {
        long from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Map<GrainKey, long[]> sums = new java.util.TreeMap<>(GrainKey.ORDER);
        for (Path csv : csvs) {
            try {
                TruthRows.read(csv, r -> {
                    GrainKey k = r.key();
                    if (k.windowStart() >= from && k.windowStart() < to) {
                        long[] v = sums.computeIfAbsent(k, x -> new long[3]);
                        v[0] = Math.addExact(v[0], r.impressions());
                        v[1] = Math.addExact(v[1], r.clicks());
                        v[2] = Math.addExact(v[2], r.spendMicros());
                    }
                });
            } catch (RuntimeException e) {
                throw new StackException("cannot read the ground truth " + csv + ": " + e.getMessage(), e);
            }
        }
        DayNumbers truth = new DayNumbers();
        sums.forEach((key, v) -> truth.put(key, v[0], v[1], v[2]));
        return truth;
    }

    public Map<GrainKey, long[]> rows() {
        return rows;
    }

    public Map<GrainKey, Long> versions() {
        return versions;
    }

    void put(GrainKey key, long impressions, long clicks, long spendMicros) {
        if (impressions != 0 || clicks != 0 || spendMicros != 0) {
            rows.put(key, new long[] {impressions, clicks, spendMicros});
        }
    }

    /** Per currency: {impressions, clicks, spend_micros}, summed exactly. */
    public Map<String, long[]> byCurrency() {
        Map<String, long[]> m = new TreeMap<>();
        rows.forEach((key, v) -> {
            long[] t = m.computeIfAbsent(key.currency(), c -> new long[3]);
            for (int i = 0; i < 3; i++) {
                t[i] = Math.addExact(t[i], v[i]);
            }
        });
        return m;
    }

    /** Keys whose values differ between the two, including keys present on one side only. */
    public int differingKeys(DayNumbers other) {
        int n = 0;
        Set<GrainKey> keys = new TreeSet<>(GrainKey.ORDER);
        keys.addAll(rows.keySet());
        keys.addAll(other.rows.keySet());
        for (GrainKey k : keys) {
            long[] a = rows.get(k);
            long[] b = other.rows.get(k);
            if (a == null || b == null || !java.util.Arrays.equals(a, b)) {
                n++;
            }
        }
        return n;
    }
}
