package io.reckon.stack.provision;

import io.reckon.schemas.definitions.Placeholders;
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
import java.util.stream.Stream;

/**
 * Reads the definition files kept in schemas/ (packaged under {@code reckon/} on the classpath) and fills in
 * {@code ${name}} placeholders. An unknown placeholder is an error, never an empty string.
 */
public final class Definitions {
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

    /** Fills the placeholders with the contract's own (dependency-free) substitution; unknown ones are errors. */
    public static String resolve(String text, Map<String, String> values, String source) {
        try {
            return Placeholders.substitute(text, values);
        } catch (IllegalArgumentException e) {
            throw new StackException(e.getMessage() + " in " + source + "; known: " + values.keySet());
        }
    }
}
