package io.reckon.reconciliation.compare;

/** What the comparison found for one grain key of the day. */
public enum KeyClass {
    /** Pinot shows the exact value with a batch version: nothing to do. */
    MATCH,
    /** Pinot shows the exact value, but with a speed version: a later speed firing could still change it. */
    RESTAMP,
    /** The exact row has events; Pinot has no row or an all-zero one. */
    MISSING_IN_PINOT,
    /** Pinot shows events for a key the exact result does not have. */
    EXTRA_IN_PINOT,
    /** Both have events, with different values. */
    VALUES_DIFFER;

    /** A difference in value (what the drift measures); RESTAMP is not one. */
    public boolean isDifference() {
        return this == MISSING_IN_PINOT || this == EXTRA_IN_PINOT || this == VALUES_DIFFER;
    }

    /** Reconciliation publishes a batch row for this key. */
    public boolean needsCorrection() {
        return this != MATCH;
    }
}
