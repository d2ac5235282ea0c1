package io.reckon.generator.traffic;

/**
 * Fractions of all records sent that are of each special kind; the rest are fresh, timely, valid events.
 * They are targets: a duplicate kind with nothing to duplicate yet (at the very start) falls back to a fresh event,
 * and the summary reports what was actually sent.
 *
 * @param exactDuplicate       a recent valid record sent again byte for byte (a producer retry)
 * @param lateDuplicate        a valid record sent again at least {@code lateDuplicateDelay} later, beyond any
 *                             streaming dedup window
 * @param conflictingDuplicate the event_id of an earlier valid record with different content
 * @param outOfOrder           event_time seconds to minutes behind the record timestamp
 * @param veryLate             event_time hours behind the record timestamp, beyond any streaming lateness
 * @param invalid              an invalid record, cycling through every reason code a producer can cause
 */
public record Shares(double exactDuplicate, double lateDuplicate, double conflictingDuplicate, double outOfOrder,
                     double veryLate, double invalid) {

    public static final Shares DEFAULT = new Shares(0.03, 0.005, 0.003, 0.05, 0.005, 0.01);
    public static final Shares NONE = new Shares(0, 0, 0, 0, 0, 0);

    public Shares {
        double[] all = {exactDuplicate, lateDuplicate, conflictingDuplicate, outOfOrder, veryLate, invalid};
        double sum = 0;
        for (double share : all) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("a share must be in [0, 1], got " + share);
            }
            sum += share;
        }
        if (sum > 1) {
            throw new IllegalArgumentException("shares add up to " + sum + ", more than 1");
        }
    }
}
