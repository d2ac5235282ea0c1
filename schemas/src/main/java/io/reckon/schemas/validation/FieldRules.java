package io.reckon.schemas.validation;

/**
 * The per-field rules of the ingress contract, implemented once. The validator applies them to parsed JSON and the
 * contract types ({@code AdEvent}, {@code GrainKey}) apply them in their constructors, so no object that passed
 * through reckon can hold a value the contract forbids.
 */
public final class FieldRules {
    /** Maximum length of an identifier, in Unicode code points. */
    public static final int MAX_IDENTIFIER_CODE_POINTS = 64;
    public static final long MIN_COST_MICROS = 0L;
    public static final long MAX_COST_MICROS = 1_000_000_000L;

    private FieldRules() {
    }

    /**
     * Identifiers (event_id, advertiser_id, campaign_id, ad_id): 1-64 code points, no control characters and no
     * unpaired surrogates. Control characters are banned so that identifiers are safe in logs and CSV, and so that
     * the canonical aggregate key can use U+001F as an unambiguous separator.
     */
    public static String requireIdentifier(String field, String value) {
        if (value.isEmpty()) {
            throw new ContractViolation(ReasonCode.EMPTY_STRING, field + " is empty");
        }
        int codePoints = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (isUnpairedSurrogate(cp)) {
                throw new ContractViolation(ReasonCode.BAD_CHARACTER,
                        field + " holds an unpaired surrogate at index " + i);
            }
            if (Character.isISOControl(cp)) {
                throw new ContractViolation(ReasonCode.BAD_CHARACTER,
                        field + " holds control character U+" + String.format("%04X", cp) + " at index " + i);
            }
            codePoints++;
            i += Character.charCount(cp);
        }
        if (codePoints > MAX_IDENTIFIER_CODE_POINTS) {
            throw new ContractViolation(ReasonCode.STRING_TOO_LONG,
                    field + " has " + codePoints + " code points, at most " + MAX_IDENTIFIER_CODE_POINTS + " allowed");
        }
        return value;
    }

    /**
     * Free text (user_id): any string that is well-formed Unicode, so that it survives UTF-8 storage unchanged.
     */
    public static String requireWellFormedText(String field, String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (isUnpairedSurrogate(cp)) {
                throw new ContractViolation(ReasonCode.BAD_CHARACTER,
                        field + " holds an unpaired surrogate at index " + i);
            }
            i += Character.charCount(cp);
        }
        return value;
    }

    /**
     * Currency: exactly three ASCII letters A-Z. Membership in the ISO-4217 list is deliberately NOT checked: the
     * JDK's currency list changes between releases, and a verdict must not depend on which JVM computed it.
     */
    public static String requireCurrency(String value) {
        if (value.length() != 3 || !isUpperAscii(value.charAt(0)) || !isUpperAscii(value.charAt(1))
                || !isUpperAscii(value.charAt(2))) {
            throw new ContractViolation(ReasonCode.BAD_CURRENCY,
                    "currency must be three upper-case letters A-Z, got " + quote(value));
        }
        return value;
    }

    public static long requireCostMicros(long value) {
        if (value < MIN_COST_MICROS || value > MAX_COST_MICROS) {
            throw new ContractViolation(ReasonCode.OUT_OF_RANGE,
                    "cost_micros must be in 0..1000000000, got " + value);
        }
        return value;
    }

    /** Quotes and truncates a value for a human message, so a huge field does not make a huge message. */
    static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return '"' + shown + '"';
    }

    private static boolean isUnpairedSurrogate(int codePoint) {
        // codePointAt returns a lone surrogate unchanged; a valid pair yields a supplementary code point instead.
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }

    private static boolean isUpperAscii(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
