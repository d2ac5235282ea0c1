package io.reckon.schemas.definitions;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${name}} placeholders in the definition files (Pinot, Hive). Strict: a placeholder without a
 * value is an error, so a half-configured definition never reaches a server.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private Placeholders() {
    }

    /** The placeholder names a text uses, sorted. */
    public static Set<String> namesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    public static String substitute(String text, Map<String, String> values) {
        Set<String> missing = new TreeSet<>(namesIn(text));
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for placeholder(s) " + missing);
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.get(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
