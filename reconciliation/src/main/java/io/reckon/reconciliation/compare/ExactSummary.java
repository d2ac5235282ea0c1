package io.reckon.reconciliation.compare;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What identifies a day's exact rows without listing them: the batch runs named on them, how many there are, and
 * their exact totals per currency ({@link Totals}: a key counts if any of its numbers is not zero). A run computes it
 * from the rows it read and asks Hive for it again before FINAL, so a change of the truth during the run is noticed
 * without reading every row twice.
 */
public record ExactSummary(SortedSet<String> batchRunIds, long rows, SortedMap<String, Sums> byCurrency) {

    /** The exact sums of one currency. */
    public record Sums(long keys, long impressions, long clicks, long spendMicros) {
        public static Sums of(Totals t) {
            return new Sums(t.keys(), t.impressions(), t.clicks(), t.spendMicros());
        }

        public Sums plus(Sums o) {
            return new Sums(Math.addExact(keys, o.keys), Math.addExact(impressions, o.impressions),
                    Math.addExact(clicks, o.clicks), Math.addExact(spendMicros, o.spendMicros));
        }
    }

    public ExactSummary {
        batchRunIds = Collections.unmodifiableSortedSet(new TreeSet<>(batchRunIds));
        // a currency whose rows are all zero counts no key and no amount: the same as no row of it
        SortedMap<String, Sums> nonZero = new TreeMap<>();
        byCurrency.forEach((c, s) -> {
            if (!s.equals(new Sums(0, 0, 0, 0))) {
                nonZero.put(c, s);
            }
        });
        byCurrency = Collections.unmodifiableSortedMap(nonZero);
    }

    public static ExactSummary of(SortedSet<String> batchRunIds, long rows, Map<String, Totals> byCurrency) {
        SortedMap<String, Sums> sums = new TreeMap<>();
        byCurrency.forEach((c, t) -> sums.put(c, Sums.of(t)));
        return new ExactSummary(batchRunIds, rows, sums);
    }

    /** How {@code now} differs from this summary, in one line; empty when they are the same. */
    public Optional<String> changeTo(ExactSummary now) {
        if (!batchRunIds.equals(now.batchRunIds)) {
            return Optional.of("batch runs " + batchRunIds + " -> " + now.batchRunIds);
        }
        if (rows != now.rows) {
            return Optional.of(rows + " exact rows -> " + now.rows);
        }
        if (!byCurrency.equals(now.byCurrency)) {
            return Optional.of("exact totals " + byCurrency + " -> " + now.byCurrency);
        }
        return Optional.empty();
    }
}
