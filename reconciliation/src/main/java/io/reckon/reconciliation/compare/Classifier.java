package io.reckon.reconciliation.compare;

/**
 * Classifies one key: exact counts (absent = zero) against Pinot's live row (absent or all-zero = no events).
 * An all-zero row counts as absent everywhere (contract §4.2), so a key that is zero on both sides is a value match;
 * it still needs a batch row if Pinot's row carries a speed version.
 */
public final class Classifier {
    private Classifier() {
    }

    public static KeyClass classify(Counts exact, PinotRow pinot) {
        Counts e = Counts.orZero(exact);
        Counts p = pinot == null ? Counts.ZERO : pinot.counts();
        if (e.equals(p)) {
            if (pinot == null || pinot.isBatch()) {
                return KeyClass.MATCH;
            }
            return KeyClass.RESTAMP;
        }
        if (p.isZero()) {
            return KeyClass.MISSING_IN_PINOT;
        }
        if (e.isZero()) {
            return KeyClass.EXTRA_IN_PINOT;
        }
        return KeyClass.VALUES_DIFFER;
    }
}
