package io.reckon.stack.demo;

import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of one billing day at the contract's grain, keyed by "advertiser|campaign|ad|currency|window_start",
 * values {impressions, clicks, spend_micros}. All-zero rows count as absent (that is how reconciliation retracts).
 */
public final class DayNumbers {
    final Map<String, long[]> rows = new TreeMap<>();
    /** Pinot's version of every row read from Pinot, all-zero rows included (empty for the ground truth). */
    final Map<String, Long> versions = new TreeMap<>();

    public Map<String, long[]> rows() {
        return rows;
    }

    public Map<String, Long> versions() {
        return versions;
    }

    void put(String key, long impressions, long clicks, long spendMicros) {
        if (impressions != 0 || clicks != 0 || spendMicros != 0) {
            rows.put(key, new long[] {impressions, clicks, spendMicros});
        }
    }

    /** Per currency: {impressions, clicks, spend_micros}, summed exactly. */
    public Map<String, long[]> byCurrency() {
        Map<String, long[]> m = new TreeMap<>();
        rows.forEach((key, v) -> {
            String currency = key.split("\\|")[3];
            long[] t = m.computeIfAbsent(currency, c -> new long[3]);
            for (int i = 0; i < 3; i++) {
                t[i] = Math.addExact(t[i], v[i]);
            }
        });
        return m;
    }

    /** Keys whose values differ between the two, including keys present on one side only. */
    public int differingKeys(DayNumbers other) {
        int n = 0;
        java.util.Set<String> keys = new java.util.TreeSet<>(rows.keySet());
        keys.addAll(other.rows.keySet());
        for (String k : keys) {
            long[] a = rows.get(k);
            long[] b = other.rows.get(k);
            if (a == null || b == null || !java.util.Arrays.equals(a, b)) {
                n++;
            }
        }
        return n;
    }
}
