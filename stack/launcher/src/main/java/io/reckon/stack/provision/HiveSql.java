package io.reckon.stack.provision;

import io.reckon.stack.StackException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Runs DDL through HiveServer2 with hive-jdbc, the same path any Hive client uses. */
public final class HiveSql {
    private final String jdbcUrl;

    public HiveSql(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public void execute(List<String> statements, String source) {
        try (Connection conn = DriverManager.getConnection(jdbcUrl, "reckon", "");
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
