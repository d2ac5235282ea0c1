package io.reckon.generator.random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RandomTest {

    /** The published first outputs of SplitMix64 seeded with 0: the stream can never silently change. */
    @Test
    void splitMix64GoldenValues() {
        SplitMix64 random = new SplitMix64(0);

        assertThat(random.nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(random.nextLong()).isEqualTo(0x6E789E6AA1B965F4L);
        assertThat(random.nextLong()).isEqualTo(0x06C45D188009454FL);
    }

    @Test
    void boundedDrawsStayInBounds() {
        SplitMix64 random = new SplitMix64(9);
        for (int i = 0; i < 10_000; i++) {
            assertThat(random.nextInt(7)).isBetween(0, 6);
            assertThat(random.between(-3, 3)).isBetween(-3L, 3L);
            assertThat(random.nextDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
    }

    @Test
    void purposesAreIndependentStreams() {
        assertThat(SplitMix64.forPurpose(1, "catalog").nextLong())
                .isNotEqualTo(SplitMix64.forPurpose(1, "traffic").nextLong());
        assertThat(SplitMix64.forPurpose(1, "catalog").nextLong())
                .isEqualTo(SplitMix64.forPurpose(1, "catalog").nextLong());
    }

    @Test
    void zipfIsSkewedAsConfigured() {
        ZipfSampler zipf = new ZipfSampler(40, 1.1);
        SplitMix64 random = new SplitMix64(3);
        int[] counts = new int[40];
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            counts[zipf.sample(random)]++;
        }

        assertThat(counts[0]).isGreaterThan(counts[1]).isGreaterThan(counts[9] * 5);
        for (int rank : new int[]{0, 1, 5, 39}) {
            assertThat(counts[rank] / (double) draws).isCloseTo(zipf.probability(rank), within(0.005));
        }
    }

    @Test
    void zipfWithExponentZeroIsUniform() {
        ZipfSampler zipf = new ZipfSampler(4, 0);

        assertThat(zipf.probability(0)).isCloseTo(0.25, within(1e-12));
        assertThat(zipf.probability(3)).isCloseTo(0.25, within(1e-12));
    }
}
