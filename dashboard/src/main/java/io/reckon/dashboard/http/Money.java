package io.reckon.dashboard.http;

/** Integer micros as an exact decimal string ({@code 1234567} is {@code "1.234567"}), never through a double. */
final class Money {
    private Money() {
    }

    static String decimal(long micros) {
        String sign = micros < 0 ? "-" : "";
        String digits = micros == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(micros));
        if (digits.length() <= 6) {
            digits = "0".repeat(7 - digits.length()) + digits;
        }
        return sign + digits.substring(0, digits.length() - 6) + "." + digits.substring(digits.length() - 6);
    }
}
