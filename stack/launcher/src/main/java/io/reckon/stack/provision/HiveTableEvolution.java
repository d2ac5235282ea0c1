package io.reckon.stack.provision;

import io.reckon.stack.StackException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evolves a table that an older stack provisioned to today's definition: {@code CREATE TABLE IF NOT EXISTS} leaves an
 * existing table as it was, so the columns a definition has gained are added with {@code ALTER TABLE ... ADD COLUMNS}.
 * Columns are only ever added at the end of a definition (writers such as the batch layer insert by position), so an
 * existing table's data columns must be a prefix of the definition's; anything else (a renamed, removed or reordered
 * column) is a migration, refused with one line instead of guessed at.
 */
public final class HiveTableEvolution {
    private static final Pattern CREATE = Pattern.compile(
            "^\\s*CREATE\\s+(?:EXTERNAL\\s+)?TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+([A-Za-z0-9_.`]+)\\s*\\(",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PARTITIONED = Pattern.compile("\\)\\s*(?:COMMENT\\s+'(?:[^'\\\\]|\\\\.)*'\\s*)?"
            + "PARTITIONED\\s+BY\\s*\\(", Pattern.CASE_INSENSITIVE);

    /** A column as the definition writes it: its name and its whole definition (type and comment). */
    public record Column(String name, String definition) {
    }

    /** What a CREATE TABLE statement defines: the table, its data columns in order, its partition columns. */
    public record TableDefinition(String table, List<Column> columns, List<String> partitionColumns) {
    }

    private HiveTableEvolution() {
    }

    /** The table a statement creates; empty for any other statement (a database, a view). */
    public static Optional<TableDefinition> parse(String statement) {
        Matcher m = CREATE.matcher(statement);
        if (!m.find()) {
            return Optional.empty();
        }
        int open = m.end() - 1;
        int close = matching(statement, open);
        List<Column> columns = new ArrayList<>();
        for (String def : splitTopLevel(statement.substring(open + 1, close))) {
            columns.add(new Column(name(def), def));
        }
        List<String> partitions = new ArrayList<>();
        Matcher p = PARTITIONED.matcher(statement);
        if (p.find(close)) {
            int pOpen = p.end() - 1;
            for (String def : splitTopLevel(statement.substring(pOpen + 1, matching(statement, pOpen)))) {
                partitions.add(name(def));
            }
        }
        return Optional.of(new TableDefinition(m.group(1).replace("`", ""), List.copyOf(columns), List.copyOf(partitions)));
    }

    /**
     * The {@code ALTER TABLE ... ADD COLUMNS} that brings a table with {@code existing} data columns (in table order,
     * partition columns left out) to the definition; empty when it has them all.
     */
    public static Optional<String> alterFor(TableDefinition def, List<String> existing) {
        List<String> defined = def.columns().stream().map(Column::name).toList();
        List<String> have = existing.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        if (have.size() > defined.size() || !defined.subList(0, have.size()).equals(have)) {
            throw new StackException("table " + def.table() + " has columns " + existing + " where its definition has "
                    + defined + ": only columns added at the end of a definition are added to an existing table; "
                    + "migrate this table by hand");
        }
        if (have.size() == defined.size()) {
            return Optional.empty();
        }
        List<String> added = def.columns().subList(have.size(), defined.size()).stream().map(Column::definition).toList();
        return Optional.of("ALTER TABLE " + def.table() + " ADD COLUMNS (" + String.join(", ", added) + ")");
    }

    private static String name(String columnDefinition) {
        String first = columnDefinition.strip().split("\\s+", 2)[0];
        return first.replace("`", "").toLowerCase(Locale.ROOT);
    }

    /** The index of the parenthesis closing the one at {@code open}, skipping quoted text. */
    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfQuote(s, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new StackException("unbalanced parentheses in a table definition: " + s.replaceAll("\\s+", " "));
    }

    private static int endOfQuote(String s, int start) {
        char q = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == q) {
                return i;
            }
        }
        throw new StackException("unterminated quote in a table definition: " + s.replaceAll("\\s+", " "));
    }

    /** Splits on commas outside quotes, parentheses and type brackets ({@code MAP<STRING, BIGINT>}). */
    static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfQuote(s, i);
            } else if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(from, i).strip());
                from = i + 1;
            }
        }
        if (!s.substring(from).isBlank()) {
            parts.add(s.substring(from).strip());
        }
        return parts;
    }
}
