package io.reckon.generator.random;

import java.util.Arrays;

/**
 * Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^exponent: a few advertisers, campaigns and ads
 * get most of the traffic, as in real ad serving. Weights use StrictMath so every JVM computes the same table.
 */
public final class ZipfSampler {
    private final double[] cumulative;

    public ZipfSampler(int n, double exponent) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        if (exponent < 0) {
            throw new IllegalArgumentException("exponent must not be negative, got " + exponent);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1.0 / StrictMath.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < n; rank++) {
            cumulative[rank] /= sum;
        }
    }

    public int size() {
        return cumulative.length;
    }

    public int sample(SplitMix64 random) {
        double u = random.nextDouble();
        int index = Arrays.binarySearch(cumulative, u);
        int rank = index >= 0 ? index + 1 : -index - 1;
        return Math.min(rank, cumulative.length - 1);
    }

    /** The probability of a rank (for tests and summaries). */
    public double probability(int rank) {
        return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
    }
}
