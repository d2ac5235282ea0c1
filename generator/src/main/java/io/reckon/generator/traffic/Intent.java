package io.reckon.generator.traffic;

/**
 * What the generator meant a record to be. Written next to each record for humans and tests; the ground truth
 * never reads it: it applies the contract to the bytes.
 */
public enum Intent {
    /** A fresh event, on time. */
    FRESH,
    /** A fresh event whose event_time is seconds to minutes behind. */
    OUT_OF_ORDER,
    /** A fresh event whose event_time is hours behind. */
    VERY_LATE,
    /** A recent record re-sent byte for byte. */
    EXACT_DUPLICATE,
    /** A record re-sent long after the original. */
    LATE_DUPLICATE,
    /** The event_id of an earlier record with different content. */
    CONFLICTING_DUPLICATE,
    /** An invalid record; the intended reason code goes with it. */
    INVALID
}
