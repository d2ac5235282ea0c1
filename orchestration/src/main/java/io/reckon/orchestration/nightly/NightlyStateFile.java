package io.reckon.orchestration.nightly;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;

/**
 * Where the chain keeps each day's {@link NightlyState} and lock: {@code <dir>/<day>.json}, replaced atomically on
 * every change (a run killed mid-write leaves the previous state, never half a file), and {@code <dir>/<day>.lock}.
 */
final class NightlyStateFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);
    private final Path dir;

    NightlyStateFile(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path file(LocalDate day) {
        return dir.resolve(day + ".json");
    }

    Path lock(LocalDate day) {
        return dir.resolve(day + ".lock");
    }

    /** The recorded state of a day's run, or a fresh one. */
    NightlyState load(LocalDate day) {
        Path f = file(day);
        if (!Files.exists(f)) {
            return NightlyState.fresh(day);
        }
        try {
            return JSON.readValue(f.toFile(), NightlyState.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the nightly state " + f + ": " + e.getMessage());
        }
    }

    void save(LocalDate day, NightlyState state) {
        try {
            Files.createDirectories(dir);
            Path f = file(day);
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the nightly state of " + day, e);
        }
    }
}
