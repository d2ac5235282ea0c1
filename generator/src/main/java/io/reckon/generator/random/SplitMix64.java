package io.reckon.generator.random;

/**
 * SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast generator whose every output is fully specified by its seed.
 * Used instead of java.util.Random/SplittableRandom so the generated traffic is bit-identical on any JVM, forever.
 * Not thread-safe; the generator is single-threaded by design (send order is the contract's "earlier").
 */
public final class SplitMix64 {
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator for an independent purpose, so that changing one purpose's draws leaves the other's alone. */
    public static SplitMix64 forPurpose(long seed, String purpose) {
        long mixed = seed;
        for (int i = 0; i < purpose.length(); i++) {
            mixed = mixed * 31 + purpose.charAt(i);
        }
        SplitMix64 scrambler = new SplitMix64(mixed);
        return new SplitMix64(scrambler.nextLong());
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound); the modulo bias (below bound / 2^64) is irrelevant for traffic. */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return Math.floorMod(nextLong(), bound);
    }

    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Uniform in [min, max]. */
    public long between(long min, long max) {
        return min + nextLong(max - min + 1);
    }

    public boolean chance(double probability) {
        return nextDouble() < probability;
    }
}
