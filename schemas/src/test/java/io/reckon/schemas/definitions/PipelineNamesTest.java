package io.reckon.schemas.definitions;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineNamesTest {

    @Test
    void theDefaultNamesAreTheContractsAndTheOnesEveryStackAlreadyHas() {
        assertThat(PipelineNames.DEFAULT.eventsTopic()).isEqualTo(Topics.AD_EVENTS);
        assertThat(PipelineNames.DEFAULT.deadLetterTopic()).isEqualTo(Topics.AD_EVENTS_DLQ);
        assertThat(PipelineNames.DEFAULT.aggregatesTopic()).isEqualTo(Topics.AD_STATS_MINUTE);
        assertThat(PipelineNames.DEFAULT.pinotTable()).isEqualTo("ad_stats_minute");
        assertThat(PipelineNames.DEFAULT.hiveDatabase()).isEqualTo("reckon");
        assertThat(PipelineNames.DEFAULT.speedGroupId()).isEqualTo("reckon-speed");
        assertThat(PipelineNames.DEFAULT.speedTransactionalIdPrefix()).isEqualTo("reckon-speed");
        assertThat(PipelineNames.DEFAULT.reconcileTransactionalIdPrefix()).isEqualTo("reckon-reconcile");
    }

    @Test
    void aNamespacedPipelineSharesNoNameWithTheDefaultOneNorWithAnotherNamespace() {
        PipelineNames a = PipelineNames.forNamespace("it_a1");
        PipelineNames b = PipelineNames.forNamespace("it_b2");
        assertThat(a.eventsTopic()).isEqualTo("it_a1.ad-events");
        assertThat(a.pinotTable()).isEqualTo("it_a1_ad_stats_minute");
        assertThat(a.hiveDatabase()).isEqualTo("it_a1");
        assertThat(a.speedGroupId()).isEqualTo("it_a1.reckon-speed");
        Set<String> seen = new HashSet<>();
        for (PipelineNames n : new PipelineNames[] {PipelineNames.DEFAULT, a, b}) {
            // Two names of one pipeline may be equal (the speed layer's group and prefix); across pipelines none.
            Set<String> own = new HashSet<>(n.properties().values());
            assertThat(own).filteredOn(seen::contains).isEmpty();
            seen.addAll(own);
        }
    }

    @Test
    void aNamespaceMustBeValidForKafkaPinotAndHiveAlike() {
        for (String bad : new String[] {"", "1abc", "Upper", "with-dash", "with.dot", "a b", "x".repeat(49), null}) {
            assertThatThrownBy(() -> PipelineNames.forNamespace(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
        }
        assertThat(PipelineNames.forNamespace("x".repeat(48)).hiveDatabase()).hasSize(48);
    }

    @Test
    void stackPropertiesRoundTripAndAnOlderFileWithoutNamesMeansTheDefaults() {
        PipelineNames ns = PipelineNames.forNamespace("staging");
        Properties p = new Properties();
        p.putAll(ns.properties());
        p.setProperty("kafka.bootstrap", "127.0.0.1:1");  // endpoints live in the same file
        assertThat(PipelineNames.from(p)).isEqualTo(ns);

        Properties older = new Properties();
        older.setProperty("kafka.bootstrap", "127.0.0.1:1");
        older.setProperty("hive.database", "reckon");
        assertThat(PipelineNames.from(older)).isEqualTo(PipelineNames.DEFAULT);
    }

    @Test
    void contractTopicsMapToThePipelinesOwn() {
        PipelineNames ns = PipelineNames.forNamespace("n1");
        assertThat(ns.topic(Topics.AD_EVENTS)).isEqualTo(ns.eventsTopic());
        assertThat(ns.topic(Topics.AD_EVENTS_DLQ)).isEqualTo(ns.deadLetterTopic());
        assertThat(ns.topic(Topics.AD_STATS_MINUTE)).isEqualTo(ns.aggregatesTopic());
        assertThatThrownBy(() -> ns.topic("other")).isInstanceOf(IllegalArgumentException.class);
    }
}
