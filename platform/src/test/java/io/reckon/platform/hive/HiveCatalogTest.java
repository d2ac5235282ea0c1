package io.reckon.platform.hive;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HiveCatalogTest {
    @Test
    void hiveServer2LabelsTheLocationWithAColonAndPadding() {
        // DESCRIBE FORMATTED over Hive 4's HiveServer2: col_name, data_type, comment, padded.
        List<String[]> rows = List.of(
                new String[] {"# col_name            ", "data_type           ", "comment             "},
                new String[] {"event_id              ", "string              ", ""},
                new String[] {"# Detailed Table Information", null, null},
                new String[] {"Database:             ", "reckon              ", null},
                new String[] {"Location:             ", "file:/data/warehouse/reckon.db/raw_ad_events ", null},
                new String[] {"Table Type:           ", "EXTERNAL_TABLE      ", null});
        assertThat(HiveCatalog.locationIn(rows)).contains("file:/data/warehouse/reckon.db/raw_ad_events");
    }

    @Test
    void sparkLabelsItWithoutAColon() {
        // DESCRIBE TABLE EXTENDED in Spark 3.5 and its Thrift server: col_name, data_type, comment.
        List<String[]> rows = List.of(
                new String[] {"event_id", "string", null},
                new String[] {"", "", ""},
                new String[] {"# Detailed Table Information", "", ""},
                new String[] {"Location", "file:/tmp/wh/reckon.db/ad_stats_exact", ""},
                new String[] {"Provider", "parquet", ""});
        assertThat(HiveCatalog.locationIn(rows)).contains("file:/tmp/wh/reckon.db/ad_stats_exact");
    }

    @Test
    void noLocationRowOrAnEmptyOneIsNoLocation() {
        assertThat(HiveCatalog.locationIn(List.<String[]>of(new String[] {"event_id", "string"}))).isEmpty();
        assertThat(HiveCatalog.locationIn(List.<String[]>of(new String[] {"Location:", "   "}))).isEmpty();
        // A column named "location_id" is not the table's location.
        assertThat(HiveCatalog.locationIn(List.<String[]>of(new String[] {"location_id", "string"}))).isEmpty();
    }

    @Test
    void onlyPlainIdentifiersGoIntoAStatement() {
        assertThat(HiveCatalog.identifier("raw_ad_events")).isEqualTo("raw_ad_events");
        assertThat(HiveCatalog.qualified("reckon.raw_ad_events")).isEqualTo("reckon.raw_ad_events");
        assertThat(HiveCatalog.qualified("raw_ad_events")).isEqualTo("raw_ad_events");
        assertThatThrownBy(() -> HiveCatalog.identifier("a.b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HiveCatalog.qualified("reckon.t; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HiveCatalog.qualified("a.b.c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HiveCatalog.qualified("`x`")).isInstanceOf(IllegalArgumentException.class);
    }
}
