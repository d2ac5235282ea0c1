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
}
