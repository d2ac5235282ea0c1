package io.reckon.stack.provision;

import io.reckon.stack.StackException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the definition files kept in schemas/ (packaged under {@code reckon/} on the classpath) and fills in
 * {@code ${name}} placeholders. An unknown placeholder is an error, never an empty string.
 */
public final class Definitions {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9_.-]+)}");

    private Definitions() {
    }

    /** The files directly under a classpath directory, by name in sorted order; empty if there is none. */
    public static Map<String, String> list(String directory) {
        URL url = Definitions.class.getClassLoader().getResource(directory);
        Map<String, String> files = new LinkedHashMap<>();
        if (url == null) {
            return files;
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                readDir(fs.provider().getPath(uri), files);
            } else {
                readDir(Path.of(uri), files);
            }
        } catch (IOException | URISyntaxException e) {
            throw new StackException("cannot read definitions in " + directory + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static void readDir(Path dir, Map<String, String> into) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                into.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
    }

    public static String resolve(String text, Map<String, String> values, String source) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new StackException("unknown placeholder ${" + m.group(1) + "} in " + source
                        + "; known: " + values.keySet());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
