package io.reckon.stack.provision;

import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.stack.StackException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionsTest {

    @Test
    void placeholdersAreFilledAndUnknownOnesAreErrors() {
        assertThat(Definitions.resolve("a ${x} b ${y.z}", Map.of("x", "1", "y.z", "$2"), "f")).isEqualTo("a 1 b $2");
        assertThatThrownBy(() -> Definitions.resolve("${nope}", Map.of("x", "1"), "file.json"))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("nope").hasMessageContaining("file.json");
    }

    @Test
    void listsTestDefinitionsInNameOrder() {
        assertThat(Definitions.list("smoke").keySet()).containsExactly("smoke.schema.json", "smoke.table.json");
        assertThat(Definitions.list("no/such/dir")).isEmpty();
    }

    @Test
    void splitsScriptsIntoStatements() {
        String script = "-- a comment\nCREATE TABLE t (\n  a INT\n);\n\nINSERT INTO t VALUES (1);\n";
        assertThat(HiveSql.statements(script)).containsExactly("CREATE TABLE t (\n  a INT\n)", "INSERT INTO t VALUES (1)");
    }

    @Test
    void shippedPinotTemplatesTakeTableAndTopicFromThePipelineNames() {
        Map<String, String> v = Provisioner.pinotValues(Map.of("kafka.bootstrap", "h:1"), "ad_stats_minute.table.json",
                PipelineNames.DEFAULT);
        assertThat(v).containsEntry("pinot.table", "ad_stats_minute").containsEntry("kafka.topic", "ad-stats-minute")
                .containsEntry("kafka.bootstrap", "h:1");
        Map<String, String> ns = Provisioner.pinotValues(Map.of(), "ad_stats_minute.schema.json",
                PipelineNames.forNamespace("it_x"));
        assertThat(ns).containsEntry("pinot.table", "it_x_ad_stats_minute").containsEntry("kafka.topic", "it_x.ad-stats-minute");
        assertThatThrownBy(() -> Provisioner.pinotValues(Map.of(), "other.table.json", PipelineNames.DEFAULT))
                .isInstanceOf(StackException.class).hasMessageContaining("other.table.json");
    }
}
