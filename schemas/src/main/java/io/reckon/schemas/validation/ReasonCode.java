package io.reckon.schemas.validation;

/**
 * Why an ingress record is invalid. The constant NAMES are the stable public codes: they are written to the
 * dead-letter topic and table and compared between the speed and batch layers, so never rename or reuse one.
 *
 * <p>Checks run in stages (see {@link IngressValidator}); the first failing check decides the code, so one input
 * always maps to exactly one code.
 */
public enum ReasonCode {
    /** The Kafka value is null (a tombstone) or zero bytes long. */
    EMPTY_VALUE("value is null or empty"),
    /** The value is longer than {@link IngressValidator#MAX_VALUE_BYTES}. */
    VALUE_TOO_LARGE("value exceeds the size limit"),
    /** The value bytes are not well-formed UTF-8. */
    NOT_UTF8("value is not well-formed UTF-8"),
    /** Not exactly one well-formed JSON text (syntax error, trailing content, byte order mark, nothing at all). */
    MALFORMED_JSON("value is not one well-formed JSON text"),
    /** Well-formed JSON, but the top-level value is not an object. */
    NOT_AN_OBJECT("top-level JSON value is not an object"),
    /** The top-level object has the same member name twice (parsers disagree on which copy wins). */
    DUPLICATE_FIELD("a member name appears twice"),
    /** A required field is absent. */
    MISSING_FIELD("a required field is absent"),
    /** A required field is JSON null. */
    NULL_FIELD("a required field is null"),
    /** A field has the wrong JSON type, e.g. a number sent as a string or a string sent as a number. */
    WRONG_TYPE("a field has the wrong JSON type"),
    /** An integer field holds a fraction or exponent form such as 1.5, 1.0 or 1e3. */
    NOT_AN_INTEGER("an integer field is not written as a JSON integer"),
    /** An integer is outside its range (cost_micros 0..1,000,000,000; event_time a signed 64-bit integer). */
    OUT_OF_RANGE("an integer is out of range"),
    /** An identifier is the empty string. */
    EMPTY_STRING("an identifier is empty"),
    /** An identifier is longer than 64 code points. */
    STRING_TOO_LONG("an identifier is longer than 64 code points"),
    /** A string holds a control character (identifiers) or an unpaired surrogate (any string). */
    BAD_CHARACTER("a string holds a forbidden character"),
    /** event_type is not exactly "impression" or "click". */
    BAD_EVENT_TYPE("event_type is not impression or click"),
    /** currency is not three upper-case ASCII letters. */
    BAD_CURRENCY("currency is not three upper-case letters"),
    /** The Kafka key is null. */
    KEY_MISSING("Kafka key is null"),
    /** The Kafka key bytes differ from the UTF-8 bytes of event_id. */
    KEY_MISMATCH("Kafka key differs from event_id"),
    /**
     * The Kafka record has no timestamp (negative). A modern producer always sets one, so this only guards against
     * hand-made records; the generator does not produce it.
     */
    NO_RECORD_TIMESTAMP("Kafka record has no timestamp"),
    /** event_time is more than 7 days before the record timestamp. */
    EVENT_TIME_TOO_OLD("event_time is more than 7 days before the record timestamp"),
    /** event_time is more than 5 minutes after the record timestamp. */
    EVENT_TIME_IN_FUTURE("event_time is more than 5 minutes after the record timestamp");

    private final String summary;

    ReasonCode(String summary) {
        this.summary = summary;
    }

    /** One line for tables and reports. */
    public String summary() {
        return summary;
    }
}
