package io.reckon.stack.provision;

import io.reckon.stack.location.HiveJdbcUrl;

import io.reckon.stack.StackException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Runs DDL through HiveServer2 with hive-jdbc, the same path any Hive client uses. */
public final class HiveSql {
    private final String jdbcUrl;

    public HiveSql(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public void execute(List<String> statements, String source) {
        try (Connection conn = DriverManager.getConnection(HiveJdbcUrl.bounded(jdbcUrl), "reckon", "");
             Statement st = conn.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new StackException("HiveServer2 rejected a statement of " + source + ": " + e.getMessage()
                            + " -- " + sql.replaceAll("\\s+", " "), e);
                }
            }
        } catch (SQLException e) {
            throw new StackException("cannot reach HiveServer2 at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * Brings the tables that {@code statements} create, where they exist already, to their definition (see
     * {@link HiveTableEvolution}); returns the ALTER statements it ran.
     */
    public List<String> evolve(List<String> statements, String source) {
        List<String> altered = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection(HiveJdbcUrl.bounded(jdbcUrl), "reckon", "");
             Statement st = conn.createStatement()) {
            for (String sql : statements) {
                Optional<HiveTableEvolution.TableDefinition> def = HiveTableEvolution.parse(sql);
                if (def.isEmpty()) {
                    continue;
                }
                Optional<String> alter = HiveTableEvolution.alterFor(def.get(), dataColumns(st, def.get()));
                if (alter.isPresent()) {
                    try {
                        st.execute(alter.get());
                    } catch (SQLException e) {
                        throw new StackException("HiveServer2 rejected evolving " + def.get().table() + " to " + source
                                + ": " + e.getMessage() + " -- " + alter.get().replaceAll("\\s+", " "), e);
                    }
                    altered.add(alter.get());
                }
            }
        } catch (SQLException e) {
            throw new StackException("cannot reach HiveServer2 at " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return altered;
    }

    /** The table's data columns in order: DESCRIBE lists them, then the partition columns, then sections. */
    private static List<String> dataColumns(Statement st, HiveTableEvolution.TableDefinition def) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("DESCRIBE " + def.table())) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name == null || name.isBlank() || name.startsWith("#")) {
                    break;
                }
                columns.add(name.strip().toLowerCase(Locale.ROOT));
            }
        }
        columns.removeAll(def.partitionColumns());
        return columns;
    }

    /** Splits a script on semicolons that end a line; strips -- comment lines. */
    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                cur.append(trimmed, 0, trimmed.length() - 1);
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
