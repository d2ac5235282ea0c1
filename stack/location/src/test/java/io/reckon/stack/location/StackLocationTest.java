package io.reckon.stack.location;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StackLocationTest {
    private static final Path HOME = Path.of("/repo");

    @Test
    void defaultsToDotReckonUnderTheRepository() {
        assertThat(StackLocation.dataDir(HOME, Map.of())).isEqualTo(Path.of("/repo/.reckon"));
        assertThat(StackLocation.dataDir(HOME, Map.of("RECKON_DATA_DIR", " "))).isEqualTo(Path.of("/repo/.reckon"));
    }

    @Test
    void relativeDataDirIsTakenFromTheRepositoryNotTheWorkingDirectory() {
        assertThat(StackLocation.dataDir(HOME, Map.of("RECKON_DATA_DIR", "data/stack"))).isEqualTo(Path.of("/repo/data/stack"));
        assertThat(StackLocation.dataDir(HOME, Map.of("RECKON_DATA_DIR", "/tmp/x"))).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void endpointsFileSitsInTheDataDir() {
        assertThat(StackLocation.endpointsFile(Path.of("/d"))).isEqualTo(Path.of("/d/stack.properties"));
    }

    @Test
    void endpointsAreReadFromTheDataDirAndEmptyWithoutAStack(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThat(StackLocation.endpoints(dir)).isEmpty();
        java.nio.file.Files.writeString(StackLocation.endpointsFile(dir),
                "kafka.bootstrap=127.0.0.1:19092\nhive.jdbc.url=jdbc:hive2://127.0.0.1:19010/default\n");
        assertThat(StackLocation.endpoints(dir)).containsEntry("kafka.bootstrap", "127.0.0.1:19092")
                .containsEntry("hive.jdbc.url", "jdbc:hive2://127.0.0.1:19010/default").hasSize(2);
    }

    @Test
    void theHomeIsFoundFromAnyFolderInsideTheRepository(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
        java.nio.file.Files.writeString(bin.resolve("reckon"), "#!/bin/sh\n");
        bin.resolve("reckon").toFile().setExecutable(true);
        Path module = java.nio.file.Files.createDirectories(dir.resolve("batch/src"));
        String saved = System.getProperty(StackLocation.HOME_PROPERTY);
        System.clearProperty(StackLocation.HOME_PROPERTY);
        try {
            assertThat(StackLocation.findHome(module)).contains(dir.toAbsolutePath().normalize());
            assertThat(StackLocation.findHome(dir.getRoot())).isEmpty();
        } finally {
            if (saved != null) {
                System.setProperty(StackLocation.HOME_PROPERTY, saved);
            }
        }
    }
}
