package io.reckon.generator.stack;

import io.reckon.platform.pinot.PinotBroker;
import io.reckon.platform.pinot.PinotResult;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.aggregate.Source;
import io.reckon.schemas.definitions.ContractResources;
import io.reckon.schemas.definitions.Topics;
import io.reckon.schemas.version.Versions;
import io.reckon.stack.provision.Definitions;
import io.reckon.stack.provision.KafkaTopics;
import io.reckon.stack.provision.PinotAdmin;
import io.reckon.stack.testkit.AggregatesProducer;
import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The serving contract on a real Pinot 0.11 upsert table built from the shipped templates: two independent
 * producers (the speed layer's and reconciliation's) that follow the contract (canonical key bytes, Kafka's
 * default partitioner, the version layout) update the SAME rows; a batch version beats every speed version,
 * whenever it arrives.
 */
@ExtendWith(LocalStackExtension.class)
class AggregateUpsertContractITCase {
    private static final long WINDOW = 1_764_028_800_000L; // 2025-11-25T00:00Z

    @Test
    void speedAndReconciliationProducersUpsertTheSameRows(StackEndpoints stack) throws Exception {
        String table = StackEndpoints.uniqueName("contract_upsert");
        String topic = table + "_stats";
        try (KafkaTopics topics = new KafkaTopics(stack.kafkaBootstrap())) {
            topics.ensure(topic, Topics.AD_STATS_MINUTE_PARTITIONS, Map.of("retention.ms", "-1"));
        }
        Map<String, String> values = Map.of("pinot.table", table, "kafka.topic", topic, "kafka.bootstrap", stack.kafkaBootstrap());
        PinotAdmin pinot = new PinotAdmin(stack.pinotControllerUrl());
        pinot.putSchema(Definitions.resolve(ContractResources.read(ContractResources.PINOT_SCHEMA), values, "schema"));
        pinot.putTable(Definitions.resolve(ContractResources.read(ContractResources.PINOT_TABLE), values, "table"));
        try {
            List<GrainKey> keys = List.of(
                    new GrainKey("adv-1", "cmp-1", "ad-1", "USD", WINDOW),
                    new GrainKey("adv-1", "cmp-1", "ad-2", "USD", WINDOW),
                    new GrainKey("adv-2", "cmp-9", "ad-7", "EUR", WINDOW + 60_000),
                    new GrainKey("adv-3", "cmp-4", "ad-1", "JPY", WINDOW + 120_000));
            long speed1 = Versions.speed(1_764_028_900_000L);
            long batch = Versions.batch(1);

            try (AggregatesProducer speedLayer = AggregatesProducer.open(stack.kafkaBootstrap(), "speed-" + table);
                 AggregatesProducer reconciliation = AggregatesProducer.open(stack.kafkaBootstrap(), "recon-" + table)) {
                // The speed layer's first firing for three keys.
                speedLayer.publish(topic, List.of(
                        new AggregateRow(keys.get(0), 10, 1, 5_000_000, speed1, Source.SPEED, 1L),
                        new AggregateRow(keys.get(1), 20, 0, 2_000_000, speed1, Source.SPEED, 1L),
                        new AggregateRow(keys.get(2), 30, 3, 9_000_000, speed1, Source.SPEED, 1L)));
                // Reconciliation corrects key 0, retracts key 1 (all zeros), adds key 3 the speed layer missed.
                reconciliation.publish(topic, List.of(
                        new AggregateRow(keys.get(0), 11, 1, 5_500_000, batch, Source.BATCH, 2L),
                        new AggregateRow(keys.get(1), 0, 0, 0, batch, Source.BATCH, 2L),
                        new AggregateRow(keys.get(3), 4, 0, 400_000, batch, Source.BATCH, 2L)));
                // A later speed firing (higher speed version, still below every batch version) must not undo it,
                // while it does update key 2, which reconciliation did not touch.
                long speed2 = Versions.speed(1_764_029_000_000L);
                speedLayer.publish(topic, List.of(
                        new AggregateRow(keys.get(0), 99, 9, 99_000_000, speed2, Source.SPEED, 3L),
                        new AggregateRow(keys.get(2), 31, 3, 9_100_000, speed2, Source.SPEED, 3L)));
            }

            Map<String, String> expected = new TreeMap<>(Map.of(
                    "adv-1|cmp-1|ad-1|USD|" + WINDOW, "11/1/5500000/batch/" + batch,
                    "adv-1|cmp-1|ad-2|USD|" + WINDOW, "0/0/0/batch/" + batch,
                    "adv-2|cmp-9|ad-7|EUR|" + (WINDOW + 60_000), "31/3/9100000/speed/" + Versions.speed(1_764_029_000_000L),
                    "adv-3|cmp-4|ad-1|JPY|" + (WINDOW + 120_000), "4/0/400000/batch/" + batch));
            PinotBroker client = new PinotBroker(stack.pinotBrokerHostPort());
            String sql = "SELECT advertiser_id, campaign_id, ad_id, currency, window_start, impressions, clicks, spend_micros,"
                    + " source, version FROM " + table + " LIMIT 100";
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(rows(client.query(sql))).isEqualTo(expected));
        } finally {
            pinot.deleteTable(table);
            pinot.deleteSchema(table);
        }
    }

    private static Map<String, String> rows(PinotResult rs) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < rs.rowCount(); i++) {
            m.put(rs.string(i, 0) + "|" + rs.string(i, 1) + "|" + rs.string(i, 2) + "|" + rs.string(i, 3) + "|"
                            + rs.exactLong(i, 4),
                    rs.exactLong(i, 5) + "/" + rs.exactLong(i, 6) + "/" + rs.exactLong(i, 7) + "/" + rs.string(i, 8) + "/"
                            + rs.exactLong(i, 9));
        }
        return m;
    }
}
