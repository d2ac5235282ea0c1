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
}
