package io.reckon.schemas.key;

import io.reckon.schemas.aggregate.GrainKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalKeyTest {
    private static final long WINDOW = 1_764_115_200_000L;

    /** Golden bytes: if this test fails, every producer's key changed, and that is a migration. */
    @Test
    void goldenBytes() {
        byte[] bytes = CanonicalKey.encode(new GrainKey("adv-1", "cmp-1", "ad-1", "USD", WINDOW));

        assertThat(HexFormat.of().formatHex(bytes))
                .isEqualTo("6164762d311f636d702d311f61642d311f5553441f31373634313135323030303030");
    }

    @Test
    void goldenBytesWithNonAsciiIdentifiers() {
        byte[] bytes = CanonicalKey.encode(new GrainKey("caf\u00E9", "\uD83D\uDE00", "a d", "EUR", 0L));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("636166c3a91ff09f98801f6120641f4555521f30");
    }

    @Test
    void goldenPartitions() {
        // Pinned so that a change of key encoding or partitioner cannot go unnoticed.
        byte[] bytes = CanonicalKey.encode(new GrainKey("adv-1", "cmp-1", "ad-1", "USD", WINDOW));

        assertThat(DefaultPartitioner.murmur2(bytes)).isEqualTo(-817_753_698);
        assertThat(DefaultPartitioner.partitionFor(bytes, 4)).isEqualTo(2);
    }

    @Test
    void roundTrip() {
        GrainKey key = new GrainKey("adv 1", "cmp-\u00E9", "ad-\uD83D\uDE00", "JPY", -120_000L);

        assertThat(CanonicalKey.decode(CanonicalKey.encode(key))).isEqualTo(key);
    }

    @Test
    void separatorKeepsNeighbouringFieldsApart() {
        byte[] left = CanonicalKey.encode(new GrainKey("ab", "c", "d", "USD", 0L));
        byte[] right = CanonicalKey.encode(new GrainKey("a", "bc", "d", "USD", 0L));

        assertThat(left).isNotEqualTo(right);
    }

    @Test
    void decodeRejectsNonCanonicalBytes() {
        assertThatThrownBy(() -> CanonicalKey.decode("a\u001Fb\u001Fc\u001FUSD\u001F060000"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("canonical");
        assertThatThrownBy(() -> CanonicalKey.decode("a\u001Fb\u001FUSD\u001F0".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("5 parts");
        assertThatThrownBy(() -> CanonicalKey.decode("a\u001Fb\u001Fc\u001FUSD\u001Fx"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not a number");
    }
}
