package io.reckon.platform.pinot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rows of one whole Pinot answer, read exactly. Integers are taken from the JSON as integers, never through a
 * double ({@link #exactLong} refuses a value that is not one: Pinot's {@code SUM()} over LONG answers a DOUBLE).
 */
public final class PinotResult {
    // Jackson reads a JSON integer as an int, a long or a BigInteger, never as a double; a fraction is kept as the
    // decimal Pinot wrote (so that a rounded SUM is shown as Pinot gave it, and refused by exactLong).
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    private final String sql;
    private final List<String> columns;
    private final List<String> types;
    private final List<JsonNode> rows;

    private PinotResult(String sql, List<String> columns, List<String> types, List<JsonNode> rows) {
        this.sql = sql;
        this.columns = columns;
        this.types = types;
        this.rows = rows;
    }

    /**
     * The result of {@code sql} from the broker's answer, or a {@link PinotQueryException} when the answer is not a
     * whole result: an HTTP error, any entry under {@code exceptions} (Pinot answers a bad query with status 200 and
     * an exception), fewer servers answering than were queried, a group-by that reached its group limit (its groups
     * would be incomplete), or no result table.
     */
    public static PinotResult parse(String sql, int status, byte[] body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            answer = null;
        }
        if (status != 200 || answer == null || !answer.isObject()) {
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            throw new PinotQueryException("Pinot broker answered HTTP " + status + " (" + firstLine(text) + ") to: "
                    + sql);
        }
        JsonNode exceptions = answer.path("exceptions");
        if (exceptions.isArray() && !exceptions.isEmpty()) {
            List<String> messages = new ArrayList<>();
            for (JsonNode e : exceptions) {
                messages.add(firstLine(e.path("message").asText()) + " (error code " + e.path("errorCode").asText() + ")");
            }
            throw new PinotQueryException("Pinot query failed: " + String.join("; ", messages) + ": " + sql);
        }
        JsonNode queried = answer.path("numServersQueried");
        JsonNode responded = answer.path("numServersResponded");
        if (queried.isNumber() && responded.isNumber() && responded.longValue() < queried.longValue()) {
            throw new PinotQueryException("only " + responded.longValue() + " of " + queried.longValue()
                    + " Pinot servers answered: the result would be partial: " + sql);
        }
        if (answer.path("numGroupsLimitReached").asBoolean(false)) {
            throw PinotQueryException.groupLimit("Pinot reached its group limit: the groups would be incomplete: " + sql);
        }
        JsonNode table = answer.path("resultTable");
        if (!table.isObject()) {
            throw new PinotQueryException("Pinot returned no result table (does the table exist?): " + sql);
        }
        List<String> columns = texts(table.path("dataSchema").path("columnNames"));
        List<String> types = texts(table.path("dataSchema").path("columnDataTypes"));
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode row : table.path("rows")) {
            if (!row.isArray() || row.size() != columns.size()) {
                throw new PinotQueryException("Pinot returned a row of " + row.size() + " values for "
                        + columns.size() + " columns: " + sql);
            }
            rows.add(row);
        }
        return new PinotResult(sql, columns, types, Collections.unmodifiableList(rows));
    }

    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return rows.size();
    }

    /** The rows as Pinot sent them (one JSON array each). */
    public List<JsonNode> rows() {
        return rows;
    }

    /** A value as text; null for a JSON null. */
    public String string(int row, int column) {
        JsonNode v = rows.get(row).get(column);
        return v.isNull() ? null : v.asText();
    }

    /**
     * A value that is an integer, exactly: a JSON integer that fits a long, or a text of one (Pinot types the columns
     * of an empty result STRING). Anything else, a double above all, is refused rather than rounded.
     */
    public long exactLong(int row, int column) {
        JsonNode v = rows.get(row).get(column);
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual() && INTEGER.matcher(v.asText()).matches()) {
            try {
                return Long.parseLong(v.asText());
            } catch (NumberFormatException e) {
                // out of range: refused below
            }
        }
        String type = column < types.size() ? types.get(column) : "?";
        throw new PinotQueryException("Pinot column " + columns.get(column) + " (" + type + ") holds " + v
                + ", not an exact long integer: " + sql);
    }

    /** 2^53: every integer below it, and none much above, is exactly a double. */
    static final double EXACT_DOUBLE_LIMIT = 9_007_199_254_740_992d;

    /**
     * A DOUBLE that holds an integer below 2^53 in magnitude, which a double holds exactly: Pinot answers {@code MAX()}
     * and {@code MIN()} over a LONG column as a DOUBLE, exact for values such as epoch milliseconds. A fraction, or a
     * value at or above 2^53 (where a double may already have rounded), is refused. Integers are taken as they are.
     */
    public long smallIntegralDouble(int row, int column) {
        JsonNode v = rows.get(row).get(column);
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isFloatingPointNumber()) {
            double d = v.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < EXACT_DOUBLE_LIMIT) {
                return (long) d;
            }
        }
        String type = column < types.size() ? types.get(column) : "?";
        throw new PinotQueryException("Pinot column " + columns.get(column) + " (" + type + ") holds " + v
                + ", not an integer below 2^53: " + sql);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return Collections.unmodifiableList(out);
    }

    private static String firstLine(String text) {
        String line = text.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl).strip();
    }
}
