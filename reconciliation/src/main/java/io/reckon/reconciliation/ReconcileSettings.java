package io.reckon.reconciliation;

import io.reckon.reconciliation.io.HiveTableNames;

import java.nio.file.Path;
import java.time.Duration;

/** Where reconciliation reads and writes, and its limits. Built by {@link ReconcileMain} from options. */
public record ReconcileSettings(
        String kafkaBootstrap,
        String topic,
        String pinotBroker,
        String pinotTable,
        String hiveJdbcUrl,
        HiveTableNames tables,
        int pageSize,
        int initialSpanMinutes,
        Duration visibilityTimeout,
        Duration pollInterval,
        Duration transactionTimeout,
        String transactionalIdPrefix,
        Path reportDir,
        Path workDir,
        int reportCampaigns,
        boolean acceptForced) {
}
