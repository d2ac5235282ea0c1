package io.reckon.reconciliation.io;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Literals for the INSERT statements sent through HiveServer2 (Spark SQL / HiveQL string syntax). */
public final class SqlLiterals {
    private SqlLiterals() {
    }

    public static String string(String value) {
        if (value == null) {
            return "CAST(NULL AS STRING)";
        }
        StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n', '\r', '\t' -> b.append(' ');
                case ';' -> b.append(','); // some clients split statements on semicolons
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.append('\'').toString();
    }

    public static String bigint(long value) {
        return "CAST(" + value + " AS BIGINT)";
    }

    public static String bigint(Long value) {
        return value == null ? "CAST(NULL AS BIGINT)" : bigint(value.longValue());
    }

    /** {@code CAST(map(k1, v1, ...) AS type)}; an empty map is typed by the cast. */
    public static <K, V> String map(Map<K, V> map, Function<K, String> key, Function<V, String> value, String type) {
        String entries = map.entrySet().stream()
                .map(e -> key.apply(e.getKey()) + ", " + value.apply(e.getValue()))
                .collect(Collectors.joining(", "));
        return "CAST(map(" + entries + ") AS " + type + ")";
    }
}
