package io.reckon.reconciliation.compare;

import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.version.Versions;

/** Test rows. */
public final class Rows {
    public static final long DAY = 1_764_028_800_000L; // 2025-11-25T00:00Z
    public static final long SPEED = Versions.speed(1_764_100_000_000L);

    private Rows() {
    }

    public static GrainKey key(String ad, int minute) {
        return key("adv-1", "cmp-1", ad, "USD", minute);
    }

    public static GrainKey key(String adv, String cmp, String ad, String currency, int minute) {
        return new GrainKey(adv, cmp, ad, currency, DAY + minute * 60_000L);
    }

    public static Counts c(long i, long k, long s) {
        return new Counts(i, k, s);
    }

    public static PinotRow speed(GrainKey key, Counts counts) {
        return new PinotRow(key, counts, SPEED);
    }

    public static PinotRow batch(GrainKey key, Counts counts, long sequence) {
        return new PinotRow(key, counts, Versions.batch(sequence));
    }
}
