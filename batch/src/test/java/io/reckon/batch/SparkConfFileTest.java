package io.reckon.batch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SparkConfFileTest {

    @Test
    void parsesSparkDefaultsFormat() {
        Map<String, String> m = SparkConfFile.parse("""
                # Spark settings
                spark.sql.catalogImplementation hive
                spark.hadoop.javax.jdo.option.ConnectionURL\tjdbc:derby://127.0.0.1:19527/metastore;create=true

                spark.sql.warehouse.dir=file:/w/warehouse
                spark.a   value with spaces
                """);
        assertThat(m).containsExactly(
                Map.entry("spark.sql.catalogImplementation", "hive"),
                Map.entry("spark.hadoop.javax.jdo.option.ConnectionURL",
                        "jdbc:derby://127.0.0.1:19527/metastore;create=true"),
                Map.entry("spark.sql.warehouse.dir", "file:/w/warehouse"),
                Map.entry("spark.a", "value with spaces"));
    }

    @Test
    void findsTheLocalStackDataDirectory() {
        assertThat(SparkConfFile.localStackDataDir(Map.of(), "/repo")).contains(Path.of("/repo/.reckon"));
        assertThat(SparkConfFile.localStackDataDir(Map.of("RECKON_DATA_DIR", "data"), "/repo"))
                .contains(Path.of("/repo/data"));
        assertThat(SparkConfFile.localStackDataDir(Map.of("RECKON_DATA_DIR", "/abs"), "/repo"))
                .contains(Path.of("/abs"));
        assertThat(SparkConfFile.localStackDataDir(Map.of(), null)).isEmpty();
    }
}
