package io.reckon.dashboard.query;

/**
 * The ids a request may name (advertisers, campaigns, ads, currencies). Checked before anything reaches SQL: letters,
 * digits, '.', '_', ':' and '-', at most 128 characters, so a quoted literal of one can hold no quote.
 */
public final class Identifiers {
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";

    private Identifiers() {
    }

    public static boolean valid(String id) {
        return id != null && id.matches(ID);
    }

    /** {@code id}, if valid, else a 400 naming the parameter (not echoing the value: it may be hostile). */
    public static String check(String parameter, String id) {
        if (!valid(id)) {
            throw new BadRequest(parameter + " must be letters, digits, '.', '_', ':' or '-' (at most 128)");
        }
        return id;
    }

    /** The SQL string literal of a checked id. */
    public static String literal(String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException("not a checked id");
        }
        return "'" + id + "'";
    }
}
