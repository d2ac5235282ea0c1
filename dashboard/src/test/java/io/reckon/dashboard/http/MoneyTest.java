package io.reckon.dashboard.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyTest {
    @Test
    void microsAsAnExactDecimal() {
        assertThat(Money.decimal(0)).isEqualTo("0.000000");
        assertThat(Money.decimal(7)).isEqualTo("0.000007");
        assertThat(Money.decimal(1_234_567)).isEqualTo("1.234567");
        assertThat(Money.decimal(-1_500_000)).isEqualTo("-1.500000");
        // above 2^53, where a double would round
        assertThat(Money.decimal(9_007_199_254_740_993L)).isEqualTo("9007199254.740993");
        assertThat(Money.decimal(Long.MAX_VALUE)).isEqualTo("9223372036854.775807");
        assertThat(Money.decimal(Long.MIN_VALUE)).isEqualTo("-9223372036854.775808");
    }
}
