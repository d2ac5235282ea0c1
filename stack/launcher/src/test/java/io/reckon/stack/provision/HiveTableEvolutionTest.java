package io.reckon.stack.provision;

import io.reckon.schemas.definitions.ContractResources;
import io.reckon.stack.StackException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HiveTableEvolutionTest {
    private static HiveTableEvolution.TableDefinition shipped(String file) {
        String sql = HiveSql.statements(ContractResources.hiveStatement(file, "db1", "file:/w")).get(0);
        return HiveTableEvolution.parse(sql).orElseThrow();
    }

    @Test
    void readsTheShippedDefinitionsColumnsInOrderWithTypesAndCommentsHoldingCommas() {
        HiveTableEvolution.TableDefinition runs = shipped("reckon/hive/05_batch_runs.sql");
        assertThat(runs.table()).isEqualTo("db1.batch_runs");
        assertThat(runs.columns()).extracting(HiveTableEvolution.Column::name).startsWith("run_id", "dt", "status")
                .contains("spend_micros_by_currency", "max_offset_by_partition").endsWith("message", "repeated_positions");
        assertThat(runs.columns()).filteredOn(c -> c.name().equals("spend_micros_by_currency")).singleElement()
                .extracting(HiveTableEvolution.Column::definition).isEqualTo("spend_micros_by_currency MAP<STRING, BIGINT>");
        assertThat(runs.columns()).filteredOn(c -> c.name().equals("repeated_positions")).singleElement()
                .extracting(HiveTableEvolution.Column::definition).asString().startsWith("repeated_positions BIGINT COMMENT '")
                .contains("(partition, offset)");
        assertThat(runs.partitionColumns()).isEmpty();

        HiveTableEvolution.TableDefinition raw = shipped("reckon/hive/01_raw_ad_events.sql");
        assertThat(raw.columns()).extracting(HiveTableEvolution.Column::name).doesNotContain("dt", "hr");
        assertThat(raw.partitionColumns()).containsExactly("dt", "hr");
        assertThat(HiveTableEvolution.parse(HiveSql.statements(ContractResources.hiveStatement(
                "reckon/hive/00_database.sql", "db1", "file:/w")).get(0))).as("a database").isEmpty();
    }

    @Test
    void aTableOfAnOlderStackGetsTheColumnsAddedAtTheEnd() {
        HiveTableEvolution.TableDefinition def = HiveTableEvolution.parse(
                "CREATE TABLE IF NOT EXISTS d.t (a STRING, b MAP<INT, BIGINT> COMMENT 'x, y', c BIGINT COMMENT 'new')"
                        + " PARTITIONED BY (dt STRING) STORED AS PARQUET").orElseThrow();
        assertThat(HiveTableEvolution.alterFor(def, List.of("a", "B")))
                .contains("ALTER TABLE d.t ADD COLUMNS (c BIGINT COMMENT 'new')");
        assertThat(HiveTableEvolution.alterFor(def, List.of("a", "b", "c"))).as("up to date").isEqualTo(Optional.empty());
    }

    @Test
    void anythingButColumnsAddedAtTheEndIsRefusedNotGuessed() {
        HiveTableEvolution.TableDefinition def = HiveTableEvolution.parse(
                "CREATE EXTERNAL TABLE IF NOT EXISTS d.t (a STRING, b BIGINT) STORED AS PARQUET").orElseThrow();
        for (List<String> existing : List.of(List.of("b", "a"), List.of("a", "x"), List.of("a", "b", "gone"))) {
            assertThatThrownBy(() -> HiveTableEvolution.alterFor(def, existing)).as("%s", existing)
                    .isInstanceOf(StackException.class).hasMessageContaining("d.t").hasMessageContaining("by hand");
        }
    }
}
