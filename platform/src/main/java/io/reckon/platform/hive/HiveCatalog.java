package io.reckon.platform.hive;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every layer asks the Hive catalog: a table's location, and whether a name is a plain identifier that can go
 * into a statement unquoted. One parser for the two dialects reckon meets: Hive's own HiveServer2 labels the row
 * {@code "Location:           "}, Spark (its Thrift server and {@code DESCRIBE TABLE EXTENDED}) {@code "Location"}.
 */
public final class HiveCatalog {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern QUALIFIED = Pattern.compile("(?:[A-Za-z_][A-Za-z0-9_]{0,127}\\.)?[A-Za-z_][A-Za-z0-9_]{0,127}");

    private HiveCatalog() {
    }

    /** The name itself if it is a plain Hive identifier (database or table name), so that it needs no quoting. */
    public static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a plain Hive identifier");
        }
        return name;
    }

    /** {@code database.table} (or a bare table) if both parts are plain identifiers. */
    public static String qualified(String table) {
        if (table == null || !QUALIFIED.matcher(table).matches()) {
            throw new IllegalArgumentException("'" + table + "' is not a plain Hive table name (database.table)");
        }
        return table;
    }

    /** The table's location as the metastore has it, asked over JDBC ({@code DESCRIBE FORMATTED}). */
    public static String location(Connection connection, String table) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE FORMATTED " + qualified(table))) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return locationIn(rows).orElseThrow(() -> new SQLException("the catalog names no Location for " + table));
    }

    /**
     * The location among the rows of a {@code DESCRIBE FORMATTED} or {@code DESCRIBE TABLE EXTENDED} (label, value),
     * trimmed; empty if no row has one.
     */
    public static Optional<String> locationIn(Iterable<String[]> rows) {
        for (String[] row : rows) {
            String label = row.length > 0 && row[0] != null ? row[0].strip() : "";
            if (label.endsWith(":")) {
                label = label.substring(0, label.length() - 1).strip();
            }
            if (label.equalsIgnoreCase("Location") && row.length > 1 && row[1] != null && !row[1].isBlank()) {
                return Optional.of(row[1].strip());
            }
        }
        return Optional.empty();
    }
}
