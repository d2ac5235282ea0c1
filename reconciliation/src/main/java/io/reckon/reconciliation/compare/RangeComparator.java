package io.reckon.reconciliation.compare;

import io.reckon.schemas.aggregate.GrainKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Full outer comparison of the exact rows and Pinot's rows of one time range, at the grain. */
public final class RangeComparator {
    private RangeComparator() {
    }

    /** Every key present on either side, in {@link GrainKey#ORDER}; keys absent on one side count as zero there. */
    public static List<KeyOutcome> compare(Map<GrainKey, Counts> exact, Map<GrainKey, PinotRow> pinot) {
        TreeSet<GrainKey> keys = new TreeSet<>(GrainKey.ORDER);
        keys.addAll(exact.keySet());
        keys.addAll(pinot.keySet());
        List<KeyOutcome> out = new ArrayList<>(keys.size());
        for (GrainKey key : keys) {
            Counts e = Counts.orZero(exact.get(key));
            PinotRow p = pinot.get(key);
            if (e.isZero() && p == null) {
                continue; // an all-zero exact row and no Pinot row: nothing on either side
            }
            out.add(new KeyOutcome(key, Classifier.classify(e, p), e, p));
        }
        return out;
    }
}
