package io.reckon.schemas.avro;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps every schema BACKWARD compatible: the current schema (reader) must read data written with every earlier
 * version kept in src/test/resources/avro-history/NAME/vN.avsc. When you change a schema, add the new version there
 * as the next vN.avsc; the newest history entry must equal the current schema.
 */
class SchemaEvolutionTest {
    private static final Path HISTORY = Path.of("src/test/resources/avro-history");
    private static final Path CURRENT = Path.of("src/main/avro");

    /** The current schemas as written in src/main/avro (the generated classes add Java-only properties). */
    static List<Schema> currentSchemas() throws IOException {
        try (Stream<Path> files = Files.list(CURRENT)) {
            List<Schema> schemas = files.filter(p -> p.toString().endsWith(".avsc")).sorted()
                    .map(SchemaEvolutionTest::parse).toList();
            assertThat(schemas).extracting(Schema::getFullName).containsExactlyInAnyOrder(
                    AdEventRecord.getClassSchema().getFullName(), AdStatsMinuteRecord.getClassSchema().getFullName(),
                    DeadLetterRecord.getClassSchema().getFullName(), RawAdEventRecord.getClassSchema().getFullName());
            return schemas;
        }
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void currentSchemaReadsEveryEarlierVersion(Schema current) throws IOException {
        List<Path> versions = history(current);
        assertThat(versions).as("history of " + current.getName()).isNotEmpty();
        for (Path version : versions) {
            Schema writer = new Schema.Parser().parse(version.toFile());
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
            assertThat(result.getType()).as(version + ": " + result.getDescription())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void newestHistoryEntryIsTheCurrentSchema(Schema current) throws IOException {
        List<Path> versions = history(current);
        Schema newest = new Schema.Parser().parse(versions.get(versions.size() - 1).toFile());

        assertThat(newest).as("add the changed " + current.getName() + " as a new vN.avsc").isEqualTo(current);
    }

    /** Proves the check can fail: a new required field without a default cannot read old data. */
    @Test
    void detectsABreakingChange() {
        Schema old = AdEventRecord.getClassSchema();
        String json = old.toString().replace("{\"name\":\"cost_micros\"",
                "{\"name\":\"placement\",\"type\":\"string\"},{\"name\":\"cost_micros\"");
        Schema broken = new Schema.Parser().parse(json);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, old).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static List<Path> history(Schema schema) throws IOException {
        Path dir = HISTORY.resolve(schema.getName());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted((a, b) -> Integer.compare(number(a), number(b)))
                    .toList();
        }
    }

    private static int number(Path version) {
        String name = version.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }
}
