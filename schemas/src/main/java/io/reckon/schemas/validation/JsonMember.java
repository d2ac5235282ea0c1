package io.reckon.schemas.validation;

/**
 * One top-level member of the ingress JSON object, reduced to what the rules need to know: its JSON type and,
 * for strings and integers that fit a long, its value. Fractions are never evaluated, so {@code 1e400} costs
 * nothing and cannot overflow.
 */
record JsonMember(Kind kind, String text, long integer) {

    enum Kind {
        STRING, INTEGER, BIG_INTEGER, FRACTION, NULL, BOOLEAN, OBJECT, ARRAY
    }

    static JsonMember string(String text) {
        return new JsonMember(Kind.STRING, text, 0L);
    }

    static JsonMember integer(long value) {
        return new JsonMember(Kind.INTEGER, null, value);
    }

    static JsonMember of(Kind kind) {
        return new JsonMember(kind, null, 0L);
    }

    /** JSON's own name for the type with its article, for messages ("an object"). */
    String jsonTypeName() {
        return switch (kind) {
            case STRING -> "a string";
            case INTEGER, BIG_INTEGER, FRACTION -> "a number";
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
        };
    }
}
