package io.reckon.reconciliation;

import io.reckon.coordination.DayLease;
import io.reckon.coordination.DayLeases;
import io.reckon.coordination.ZooKeeperDayLeases;
import io.reckon.platform.pinot.PinotBroker;
import io.reckon.platform.pinot.PinotResult;

import io.reckon.reconciliation.io.CorrectionPublisher;
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
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Reconciliation on the real stack: exact rows in a test copy of the contract's Hive tables (inserted through
 * HiveServer2), speed rows in a test Pinot upsert table built from the contract templates (some right, some wrong,
 * some missing, some extra), then {@code reconcile}: Pinot equals the exact rows, the day is FINAL with its lineage,
 * a second run publishes nothing, no version is lowered, and a later change makes a new, higher FINAL version.
 */
@ExtendWith(LocalStackExtension.class)
class ReconcileITCase {
    private static final LocalDate DAY = LocalDate.of(2025, 11, 25);
    private static final long T0 = 1_764_028_800_000L; // 2025-11-25T00:00Z
    private static final long SPEED_V = Versions.speed(1_764_100_000_000L);

    /** One grain row: values as exact (null = no exact row) and as the speed layer put them (null = no row). */
    private record Case(GrainKey key, long[] exact, long[] speed) {
    }

    @Test
    void reconcilesADayMakesItFinalIsIdempotentAndReFinalizesAfterLateEvents(StackEndpoints stack,
                                                                              @TempDir Path reports) throws Exception {
        String name = StackEndpoints.uniqueName("recon_it");
        String db = name;
        String table = name;
        String topic = name + "_stats";
        List<Case> cases = cases();
        GrainKey nextDay = new GrainKey("adv-1", "cmp-1", "ad-1", "USD", T0 + 86_400_000L);

        PinotAdmin pinot = new PinotAdmin(stack.pinotControllerUrl());
        try (Connection hive = DriverManager.getConnection(stack.hiveJdbcUrl(), "it", "")) {
            ContractTables.create(hive, db, stack.get("warehouse.dir"));
            createPinotTable(stack, pinot, table, topic);

            // The truth: exact rows of the day from batch run batch-1, which read offsets up to 41 (p0) and 17 (p1).
            insertExact(hive, db, cases, "batch-1", false);
            insertBatchRun(hive, db, "batch-1", 1L, "0, CAST(41 AS BIGINT), 1, CAST(17 AS BIGINT)", cases);
            // The speed layer's view (plus a row of the next day, which reconciliation must not touch).
            List<AggregateRow> speed = new ArrayList<>();
            for (Case c : cases) {
                if (c.speed != null) {
                    speed.add(row(c.key, c.speed, SPEED_V, Source.SPEED));
                }
            }
            speed.add(row(nextDay, new long[] {1, 0, 1}, SPEED_V, Source.SPEED));
            AggregatesProducer.publish(stack.kafkaBootstrap(), "it-speed-" + topic, topic, speed);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> pinotRows(stack, table).size() == speed.size());
            Map<GrainKey, long[]> before = pinotRows(stack, table);

            String[] common = {"--data-dir", stack.dataDir().toString(), "--topic", topic, "--pinot-table", table,
                    "--database", db, "--page-size", "3", "--initial-span-minutes", "240", "--visibility-timeout",
                    "PT90S", "--report-dir", reports.toString(), "--transactional-id-prefix", "it-" + name};

            // Not FINAL yet.
            assertThat(reconcile(common, "--date", DAY.toString(), "--verify-final").code).isEqualTo(1);

            // 1. First run: corrections published, visible, re-compared, FINAL.
            long t1 = System.nanoTime();
            Result first = reconcile(common, "--date", DAY.toString());
            System.out.printf("[measure] first reconcile of %d keys: %.1f s%n", cases.size(), (System.nanoTime() - t1) / 1e9);
            assertThat(first.code).as(first.out).isEqualTo(0);
            assertThat(first.out).contains("is FINAL at version " + Versions.batch(1));
            long v1 = Versions.batch(1);
            Map<GrainKey, long[]> after1 = pinotRows(stack, table);
            assertPinotEqualsExact(after1, cases, v1);
            assertThat(after1.get(nextDay)).containsExactly(1, 0, 1, SPEED_V);
            assertNoVersionLowered(before, after1);

            List<Map<String, String>> runs = query(hive, "SELECT * FROM " + db + ".reconciliation_runs ORDER BY run_sequence");
            assertThat(runs).hasSize(1);
            Map<String, String> run1 = runs.get(0);
            assertThat(run1).containsEntry("outcome", "FINAL").containsEntry("run_sequence", "1")
                    .containsEntry("missing_in_pinot", "2").containsEntry("extra_in_pinot", "2")
                    .containsEntry("values_differ", "4").containsEntry("restamped_keys", "6")
                    .containsEntry("matching_keys", "0").containsEntry("residual_differences", "0")
                    .containsEntry("corrections_published", "14").containsEntry("batch_run_id", "batch-1");
            // Drift before was not zero, per currency.
            List<Map<String, String>> drift = query(hive, "SELECT d.currency, d.x.differing_keys AS k, d.x.spend_micros AS s"
                    + " FROM " + db + ".reconciliation_runs LATERAL VIEW explode(drift_by_currency) d AS currency, x"
                    + " ORDER BY d.currency");
            assertThat(drift).extracting(m -> m.get("currency") + ":" + m.get("k")).containsExactly("EUR:3", "USD:5");
            assertThat(drift).allSatisfy(m -> assertThat(Long.parseLong(m.get("s"))).isNotZero());
            Map<String, String> final1 = single(query(hive, "SELECT dt, final_version, batch_run_id,"
                    + " max_offset_by_partition[0] AS p0, max_offset_by_partition[1] AS p1, previous_final_version,"
                    + " keys_changed, exact_keys, spend_micros_by_currency['USD'] AS usd FROM " + db + ".final_days"));
            assertThat(final1).containsEntry("final_version", Long.toString(v1)).containsEntry("batch_run_id", "batch-1")
                    .containsEntry("p0", "41").containsEntry("p1", "17").containsEntry("previous_final_version", null)
                    .containsEntry("keys_changed", "14").containsEntry("exact_keys", "12")
                    .containsEntry("usd", Long.toString(exactSpend(cases, "USD")));
            assertThat(Files.readString(Path.of(run1.get("report_path")))).contains("Drift by campaign")
                    .contains("**FINAL**");
            assertThat(reconcile(common, "--date", DAY.toString(), "--verify-final").code).isEqualTo(0);

            // 2. Second run: nothing to publish, says so; Pinot unchanged.
            Result second = reconcile(common, "--date", DAY.toString());
            assertThat(second.code).as(second.out).isEqualTo(0);
            assertThat(second.out).contains("nothing to publish").contains("already FINAL at version " + v1);
            runs = query(hive, "SELECT * FROM " + db + ".reconciliation_runs ORDER BY run_sequence");
            assertThat(runs).hasSize(2);
            assertThat(runs.get(1)).containsEntry("outcome", "ALREADY_FINAL").containsEntry("corrections_published", "0")
                    .containsEntry("final_version", null);
            assertThat(pinotRows(stack, table)).usingRecursiveComparison().isEqualTo(after1);
            assertThat(reconcile(common, "--list-reopened", "--before", "2025-11-26").out.strip()).isEmpty();

            // 2b. The speed layer records records archived after the day's hours were complete (a file written after
            //     batch-1 started): that alone reopens the FINAL day; a touched day that is not FINAL is not listed.
            Path touched = Path.of(stack.get("warehouse.dir"), db + ".db", "raw_ad_events", "_touched_after_complete");
            writeTouched(touched, DAY, 7);
            writeTouched(touched, DAY.minusDays(1), 7);
            Result touchedOnly = reconcile(common, "--list-reopened", "--before", "2025-11-26");
            assertThat(touchedOnly.code).isEqualTo(0);
            assertThat(touchedOnly.out.strip()).isEqualTo("2025-11-25");
            // Gone again, so that step 3 shows the other rule (archive offsets above the lineage) on its own.
            deleteRecursively(touched);
            assertThat(reconcile(common, "--list-reopened", "--before", "2025-11-26").out.strip()).isEmpty();

            // 3. Late events after FINAL: the archive gets a record of the day above the lineage's offset; a late speed
            //    firing for a new key arrives (a speed firing for a reconciled key is ignored by its lower version).
            insertRaw(hive, db, 0, 42);
            GrainKey late = new GrainKey("adv-7", "cmp-7", "ad-7", "USD", T0 + 600 * 60_000L);
            AggregatesProducer.publish(stack.kafkaBootstrap(), "it-speed-" + topic, topic, List.of(row(late, new long[] {1, 0, 100}, SPEED_V + 5, Source.SPEED),
                    row(cases.get(0).key, new long[] {99, 9, 999}, SPEED_V + 5, Source.SPEED)));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> pinotRows(stack, table).containsKey(late));
            assertThat(pinotRows(stack, table).get(cases.get(0).key)).containsExactly(
                    after1.get(cases.get(0).key));
            Result reopened = reconcile(common, "--list-reopened", "--before", "2025-11-26");
            assertThat(reopened.code).isEqualTo(0);
            assertThat(reopened.out.strip()).isEqualTo("2025-11-25");
            assertThat(reconcile(common, "--list-reopened", "--before", "2025-11-25").out.strip()).isEmpty();
            assertThat(reconcile(common, "--date", DAY.toString(), "--verify-final").code).isEqualTo(1);

            // The batch re-runs the day: the late event counted, and one more changed row.
            List<Case> changed = new ArrayList<>(cases);
            changed.add(new Case(late, new long[] {1, 0, 100}, null));
            changed.set(1, new Case(cases.get(1).key, new long[] {21, 2, 8100}, null));
            insertExact(hive, db, changed, "batch-2", true);
            // A touch recorded before batch-2 started: once the day is FINAL on batch-2 it must not count any more.
            writeTouched(touched, DAY, 7);
            insertBatchRun(hive, db, "batch-2", System.currentTimeMillis() + 1000,
                    "0, CAST(42 AS BIGINT), 1, CAST(17 AS BIGINT)", changed);

            Result third = reconcile(common, "--date", DAY.toString());
            assertThat(third.code).as(third.out).isEqualTo(0);
            long v3 = Versions.batch(3);
            assertThat(third.out).contains("is FINAL at version " + v3).contains("replaces " + v1);
            Map<GrainKey, long[]> after3 = pinotRows(stack, table);
            assertPinotEqualsExact(after3, changed, null);
            assertThat(after3.get(late)[3]).isEqualTo(v3);
            assertThat(after3.get(cases.get(1).key)[3]).isEqualTo(v3);
            assertThat(after3.get(cases.get(2).key)[3]).as("unchanged keys keep their version").isEqualTo(v1);
            assertNoVersionLowered(after1, after3);
            Map<String, String> final3 = single(query(hive, "SELECT final_version, previous_final_version, keys_changed,"
                    + " batch_run_id, max_offset_by_partition[0] AS p0 FROM " + db + ".final_days WHERE final_version = " + v3));
            assertThat(final3).containsEntry("previous_final_version", Long.toString(v1))
                    .containsEntry("keys_changed", "2").containsEntry("batch_run_id", "batch-2").containsEntry("p0", "42");
            assertThat(reconcile(common, "--list-reopened", "--before", "2025-11-26").out.strip()).isEmpty();
            assertThat(reconcile(common, "--date", DAY.toString(), "--verify-final").code).isEqualTo(0);

            // 4. What a batch killed inside its partition swap leaves: the old partition gone, the new one not moved
            // in, batch-2 still the newest SUCCEEDED run. Reconcile must not zero Pinot and call that FINAL.
            try (Statement st = hive.createStatement()) {
                st.execute("ALTER TABLE " + db + ".ad_stats_minute_exact DROP IF EXISTS PARTITION (dt = '" + DAY + "')");
            }
            Result emptied = reconcile(common, "--date", DAY.toString());
            assertThat(emptied.code).as(emptied.out).isEqualTo(1);
            assertThat(emptied.out).contains("refused: the exact partition holds 0 rows where batch run batch-2 recorded "
                    + changed.stream().filter(c -> c.exact != null && java.util.Arrays.stream(c.exact).anyMatch(v -> v != 0)).count()).contains("nothing was published");
            assertThat(shown(pinotRows(stack, table))).as("Pinot untouched").isEqualTo(shown(after3));
            assertThat(query(hive, "SELECT final_version FROM " + db + ".final_days ORDER BY final_version"))
                    .as("no new FINAL version").hasSize(2);
            // Refused before it reserved a sequence, and recorded all the same (the fault campaign found it was not).
            assertThat(emptied.out).contains("recorded in " + db + ".reconciliation_runs: FAILED");
            assertThat(query(hive, "SELECT run_id FROM " + db + ".reconciliation_runs WHERE run_sequence IS NULL"
                    + " AND outcome = 'FAILED'")).as("the refused run, recorded without a sequence").hasSize(1);
            // A partition holding only part of the run's rows (a half-written swap) is refused the same way.
            insertExact(hive, db, changed.subList(0, 2), "batch-2", true);
            Result partial = reconcile(common, "--date", DAY.toString());
            assertThat(partial.code).as(partial.out).isEqualTo(1);
            assertThat(partial.out).contains("refused: the exact partition holds 2 rows where batch run batch-2");

            // 5. A batch forced over incomplete hours: refused unless accepted, and then FINAL marked as forced.
            List<Case> forcedRows = new ArrayList<>(changed);
            forcedRows.set(0, new Case(changed.get(0).key, new long[] {11, 1, 5_100}, null));
            insertExact(hive, db, forcedRows, "batch-3", true);
            insertBatchRun(hive, db, "batch-3", System.currentTimeMillis() + 2000,
                    "0, CAST(43 AS BIGINT), 1, CAST(17 AS BIGINT)", forcedRows, true);
            Result refusedForced = reconcile(common, "--date", DAY.toString());
            assertThat(refusedForced.code).as(refusedForced.out).isEqualTo(1);
            assertThat(refusedForced.out).contains("refused: batch run batch-3 was forced").contains("--accept-forced");
            assertThat(query(hive, "SELECT final_version FROM " + db + ".final_days")).hasSize(2);
            List<String> accept = new ArrayList<>(List.of(common));
            accept.add("--accept-forced");
            Result accepted = reconcile(accept.toArray(String[]::new), "--date", DAY.toString());
            assertThat(accepted.code).as(accepted.out).isEqualTo(0);
            assertThat(accepted.out).contains("(FORCED)");
            assertPinotEqualsExact(pinotRows(stack, table), forcedRows, null);
            Map<String, String> forcedFinal = single(query(hive, "SELECT batch_run_id, forced FROM " + db
                    + ".final_days WHERE final_version = (SELECT max(final_version) FROM " + db + ".final_days)"));
            assertThat(forcedFinal).containsEntry("batch_run_id", "batch-3").containsEntry("forced", "true");
            assertThat(query(hive, "SELECT forced FROM " + db + ".final_days WHERE batch_run_id = 'batch-2'"))
                    .extracting(m -> m.get("forced")).containsOnly("false");

            // 6. A reconcile (or batch) of the day already running elsewhere: its lease, in a session of its own.
            List<Case> rerun = new ArrayList<>(forcedRows);
            rerun.set(0, new Case(forcedRows.get(0).key, new long[] {12, 1, 5_200}, null));
            insertExact(hive, db, rerun, "batch-4", true);
            insertBatchRun(hive, db, "batch-4", System.currentTimeMillis() + 3000,
                    "0, CAST(44 AS BIGINT), 1, CAST(17 AS BIGINT)", rerun);
            Map<GrainKey, long[]> beforeConcurrent = pinotRows(stack, table);
            try (DayLeases elsewhere = ZooKeeperDayLeases.connect(stack.get("pinot.zookeeper"), db);
                 DayLease running = elsewhere.acquire(DAY, "reconcile run recon-other (test), pid 1 on other-host, "
                         + "since 2026-12-02T00:00:00Z")) {
                Result beside = reconcile(common, "--date", DAY.toString());
                assertThat(beside.code).as(beside.out).isEqualTo(1);
                assertThat(beside.out).contains("refused: " + DAY + " is being processed by reconcile run recon-other "
                        + "(test), pid 1 on other-host");
                assertThat(running.held()).isTrue();
            }
            assertThat(shown(pinotRows(stack, table))).as("Pinot untouched").isEqualTo(shown(beforeConcurrent));
            assertThat(query(hive, "SELECT final_version FROM " + db + ".final_days")).hasSize(3);
            // And a real one, running in this JVM: it publishes to a topic no table reads, so it waits for Pinot
            // until its visibility timeout; a second reconcile started meanwhile is refused naming it.
            String unread = topic + "_unread";
            try (KafkaTopics topics = new KafkaTopics(stack.kafkaBootstrap())) {
                topics.ensure(unread, Topics.AD_STATS_MINUTE_PARTITIONS, Map.of("retention.ms", "-1"));
            }
            List<String> waiting = new ArrayList<>(List.of(common));
            waiting.set(waiting.indexOf("--topic") + 1, unread);
            waiting.set(waiting.indexOf("--visibility-timeout") + 1, "PT20S");
            ByteArrayOutputStream firstOut = new ByteArrayOutputStream();
            java.util.concurrent.CompletableFuture<Integer> waitingRun = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> ReconcileMain.run(new PrintStream(firstOut, true, StandardCharsets.UTF_8),
                            Stream.concat(waiting.stream(), Stream.of("--date", DAY.toString()))
                                    .toArray(String[]::new)));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> firstOut.toString(StandardCharsets.UTF_8).contains("published "));
            String firstRun = firstOut.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(": run recon-"))
                    .findFirst().orElseThrow().replaceFirst(".*: run ", "");
            Result besideIt = reconcile(common, "--date", DAY.toString());
            assertThat(waitingRun).as("the first run still waits for Pinot").isNotDone();
            assertThat(besideIt.code).as(besideIt.out).isEqualTo(1);
            assertThat(besideIt.out).contains("refused: " + DAY + " is being processed by reconcile run " + firstRun
                    + ", pid " + ProcessHandle.current().pid());
            assertThat(waitingRun.get(2, java.util.concurrent.TimeUnit.MINUTES)).as(firstOut.toString(StandardCharsets.UTF_8))
                    .isEqualTo(1);
            System.out.print(firstOut.toString(StandardCharsets.UTF_8));
            assertThat(query(hive, "SELECT final_version FROM " + db + ".final_days")).hasSize(3);

            // 7. The lease lost during the run (its session expired while the process was paused, say): the
            // corrections are published, but FINAL is not recorded. The next run makes the day FINAL.
            Result lost = reconcile(losingLeases(), common, "--date", DAY.toString());
            assertThat(lost.code).as(lost.out).isEqualTo(1);
            assertThat(lost.out).contains("published ").contains("refused FINAL: the lease of " + DAY)
                    .contains("was lost during the run");
            assertThat(query(hive, "SELECT final_version FROM " + db + ".final_days")).as("no FINAL recorded")
                    .hasSize(3);
            Result again = reconcile(common, "--date", DAY.toString());
            assertThat(again.code).as(again.out).isEqualTo(0);
            assertPinotEqualsExact(pinotRows(stack, table), rerun, null);
            assertThat(query(hive, "SELECT final_version FROM " + db + ".final_days")).hasSize(4);
        } finally {
            pinot.deleteTable(table);
            pinot.deleteSchema(table);
            try (Connection hive = DriverManager.getConnection(stack.hiveJdbcUrl(), "it", "");
                 Statement st = hive.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db + " CASCADE");
            }
        }
    }

    @Test
    void aSecondRunOfTheSameDayFencesTheFirst(StackEndpoints stack) throws Exception {
        String topic = StackEndpoints.uniqueName("recon_fence");
        try (KafkaTopics topics = new KafkaTopics(stack.kafkaBootstrap())) {
            topics.ensure(topic, Topics.AD_STATS_MINUTE_PARTITIONS, Map.of("retention.ms", "-1"));
        }
        String txId = CorrectionPublisher.transactionalId("it", topic, DAY.toString());
        AggregateRow row = row(new GrainKey("a", "c", "d", "USD", T0), new long[] {1, 0, 1}, Versions.batch(1), Source.BATCH);
        try (CorrectionPublisher first = CorrectionPublisher.open(stack.kafkaBootstrap(), topic, txId, Duration.ofMinutes(1));
             CorrectionPublisher second = CorrectionPublisher.open(stack.kafkaBootstrap(), topic, txId, Duration.ofMinutes(1))) {
            assertThatThrownBy(() -> first.publish(sink -> sink.accept(row)))
                    .hasMessageContaining("another reconciliation run for the same day started");
            assertThat(second.publish(sink -> sink.accept(row))).isEqualTo(1);
        }
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(key("adv-1", "cmp-1", "ad-1", "USD", 0), new long[] {10, 1, 5_000}, new long[] {10, 1, 5_000}));
        cases.add(new Case(key("adv-1", "cmp-1", "ad-2", "USD", 1), new long[] {20, 2, 8_000}, new long[] {22, 2, 8_800}));
        cases.add(new Case(key("adv-2", "cmp-2", "ad-1", "EUR", 65), new long[] {5, 0, 700}, null));
        cases.add(new Case(key("adv-2", "cmp-2", "ad-9", "EUR", 130), null, new long[] {3, 1, 300}));
        cases.add(new Case(key("adv-3", "cmp-3", "ad-1", "USD", 1439), new long[] {1, 1, 1_000_000_000L}, null));
        cases.add(new Case(key("adv-3", "cmp-3", "ad-2", "USD", 1439), null, new long[] {2, 0, 2}));
        for (int i = 0; i < 8; i++) {
            long[] exact = {100 + i, i, 1_000L * i};
            long[] speed = i % 3 == 0 ? new long[] {99 + i, i, 1_000L * i} : exact.clone();
            cases.add(new Case(key("adv-4", "cmp-" + (i % 2), "ad-" + i, i % 4 == 0 ? "EUR" : "USD", 200 + i * 97),
                    exact, speed));
        }
        return cases;
    }

    private static GrainKey key(String adv, String cmp, String ad, String currency, int minute) {
        return new GrainKey(adv, cmp, ad, currency, T0 + minute * 60_000L);
    }

    private static AggregateRow row(GrainKey key, long[] v, long version, Source source) {
        return new AggregateRow(key, v[0], v[1], v[2], version, source, 1L);
    }

    private static long exactSpend(List<Case> cases, String currency) {
        return cases.stream().filter(c -> c.exact != null && c.key.currency().equals(currency))
                .mapToLong(c -> c.exact[2]).sum();
    }

    private static void assertPinotEqualsExact(Map<GrainKey, long[]> pinot, List<Case> cases, Long version) {
        for (Case c : cases) {
            long[] p = pinot.get(c.key);
            long[] e = c.exact == null ? new long[] {0, 0, 0} : c.exact;
            assertThat(p).as("Pinot row of %s", c.key).isNotNull();
            assertThat(new long[] {p[0], p[1], p[2]}).as("values of %s", c.key).containsExactly(e);
            assertThat(Versions.isBatch(p[3])).as("batch version of %s", c.key).isTrue();
            if (version != null) {
                assertThat(p[3]).isEqualTo(version);
            }
        }
    }

    private static void assertNoVersionLowered(Map<GrainKey, long[]> before, Map<GrainKey, long[]> after) {
        before.forEach((k, v) -> assertThat(after.get(k)[3]).as("version of %s", k).isGreaterThanOrEqualTo(v[3]));
    }

    private static void insertExact(Connection hive, String db, List<Case> cases, String batchRunId, boolean overwrite)
            throws Exception {
        String values = cases.stream().filter(c -> c.exact != null).map(c -> String.format(
                "('%s', '%s', '%s', '%s', %d, %d, %d, %d, '%s')", c.key.advertiserId(), c.key.campaignId(), c.key.adId(),
                c.key.currency(), c.key.windowStart(), c.exact[0], c.exact[1], c.exact[2], batchRunId))
                .collect(Collectors.joining(", "));
        try (Statement st = hive.createStatement()) {
            st.execute("INSERT " + (overwrite ? "OVERWRITE TABLE " : "INTO ") + db + ".ad_stats_minute_exact"
                    + " PARTITION (dt = '" + DAY + "') VALUES " + values);
        }
    }

    /** A SUCCEEDED batch_runs row of the day recording what {@code cases}' exact rows hold, as the batch layer does. */
    private static void insertBatchRun(Connection hive, String db, String runId, long startedAt, String offsets,
                                       List<Case> cases) throws Exception {
        insertBatchRun(hive, db, runId, startedAt, offsets, cases, false);
    }

    private static void insertBatchRun(Connection hive, String db, String runId, long startedAt, String offsets,
                                       List<Case> cases, boolean forced) throws Exception {
        long rows = 0;
        long impressions = 0;
        long clicks = 0;
        Map<String, Long> spend = new java.util.TreeMap<>();
        for (Case c : cases) {
            if (c.exact != null && (c.exact[0] != 0 || c.exact[1] != 0 || c.exact[2] != 0)) {
                rows++;
                impressions += c.exact[0];
                clicks += c.exact[1];
                spend.merge(c.key.currency(), c.exact[2], Long::sum);
            }
        }
        String spendMap = spend.entrySet().stream().map(e -> "'" + e.getKey() + "', CAST(" + e.getValue() + " AS BIGINT)")
                .collect(Collectors.joining(", "));
        try (Statement st = hive.createStatement()) {
            st.execute("INSERT INTO " + db + ".batch_runs SELECT '" + runId + "', '" + DAY + "', 'SUCCEEDED', " + forced
                    + ", CAST(" + startedAt + " AS BIGINT), CAST(" + (startedAt + 1) + " AS BIGINT), CAST(1 AS BIGINT),"
                    + " CAST(0 AS BIGINT), CAST(0 AS BIGINT),"
                    + " CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(" + rows + " AS BIGINT), CAST(" + impressions
                    + " AS BIGINT), CAST(" + clicks + " AS BIGINT),"
                    + " CAST(map(" + spendMap + ") AS MAP<STRING, BIGINT>), CAST(map(" + offsets + ") AS MAP<INT, BIGINT>),"
                    + " 'it', CAST(0 AS BIGINT)");
        }
    }

    private static void insertRaw(Connection hive, String db, int partition, long offset) throws Exception {
        try (Statement st = hive.createStatement()) {
            st.execute("INSERT INTO " + db + ".raw_ad_events PARTITION (dt = '" + DAY + "', hr = '10') SELECT"
                    + " CAST('late-1' AS BINARY), CAST('{}' AS BINARY), " + partition + ", CAST(" + offset + " AS BIGINT),"
                    + " CAST(" + (T0 + 36_000_000L) + " AS BIGINT), CAST(" + (T0 + 36_000_000L) + " AS BIGINT), false,"
                    + " CAST(1 AS BIGINT)");
        }
    }

    /** A touched-after-complete file as the speed layer writes it (docs/contract.md §6.3), atomically. */
    private static void writeTouched(Path dir, LocalDate day, int hour) throws Exception {
        long detectedAt = System.currentTimeMillis();
        Path dayDir = Files.createDirectories(dir.resolve("dt=" + day));
        Path tmp = dayDir.resolve("." + detectedAt + "-chk9.json.tmp");
        Files.writeString(tmp, "{\"dt\":\"" + day + "\",\"hr\":\"" + hour + "\",\"records\":2,\"checkpoint_id\":9,"
                + "\"detected_at\":" + detectedAt + "}\n");
        Files.move(tmp, dayDir.resolve(detectedAt + "-chk9.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void createPinotTable(StackEndpoints stack, PinotAdmin pinot, String table, String topic) {
        try (KafkaTopics topics = new KafkaTopics(stack.kafkaBootstrap())) {
            topics.ensure(topic, Topics.AD_STATS_MINUTE_PARTITIONS, Map.of("retention.ms", "-1"));
        }
        Map<String, String> values = Map.of("pinot.table", table, "kafka.topic", topic,
                "kafka.bootstrap", stack.kafkaBootstrap());
        pinot.putSchema(Definitions.resolve(ContractResources.read(ContractResources.PINOT_SCHEMA), values, "schema"));
        pinot.putTable(Definitions.resolve(ContractResources.read(ContractResources.PINOT_TABLE), values, "table"));
    }

    /** Every live row of the test table: key -> {impressions, clicks, spend_micros, version}. */
    private static Map<GrainKey, String> shown(Map<GrainKey, long[]> rows) {
        Map<GrainKey, String> m = new java.util.TreeMap<>(java.util.Comparator.comparing(GrainKey::toString));
        rows.forEach((k, v) -> m.put(k, java.util.Arrays.toString(v)));
        return m;
    }

    private static Map<GrainKey, long[]> pinotRows(StackEndpoints stack, String table) {
        PinotResult rs = new PinotBroker(stack.pinotBrokerHostPort()).query("SELECT advertiser_id, campaign_id, ad_id,"
                + " currency, window_start, impressions, clicks, spend_micros, version FROM " + table + " LIMIT 100000");
        Map<GrainKey, long[]> rows = new TreeMap<>(GrainKey.ORDER);
        for (int i = 0; i < rs.rowCount(); i++) {
            rows.put(new GrainKey(rs.string(i, 0), rs.string(i, 1), rs.string(i, 2), rs.string(i, 3),
                    rs.exactLong(i, 4)), new long[] {rs.exactLong(i, 5), rs.exactLong(i, 6), rs.exactLong(i, 7),
                    rs.exactLong(i, 8)});
        }
        return rows;
    }

    /**
     * Every row of a query. The tables are refreshed first: each JDBC session of the Spark Thrift server caches a
     * table's file listing, and reconciliation writes through sessions of its own.
     */
    private static List<Map<String, String>> query(Connection hive, String sql) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("FROM (\\w+\\.\\w+)").matcher(sql);
        while (m.find()) {
            try (Statement st = hive.createStatement()) {
                st.execute("REFRESH TABLE " + m.group(1));
            }
        }
        try (Statement st = hive.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, String>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    String label = rs.getMetaData().getColumnLabel(i);
                    row.put(label.contains(".") ? label.substring(label.indexOf('.') + 1) : label, rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static Map<String, String> single(List<Map<String, String>> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private record Result(int code, String out) {
    }

    private static Result reconcile(String[] common, String... args) {
        return reconcile(ZooKeeperDayLeases::connect, common, args);
    }

    /** The stack's ZooKeeper leases, except that a taken lease ends (and says so) when asked whether it is held. */
    private static ReconcileMain.LeaseStore losingLeases() {
        return (zookeeper, pipeline) -> {
            DayLeases real = ZooKeeperDayLeases.connect(zookeeper, pipeline);
            return new DayLeases() {
                @Override
                public DayLease acquire(LocalDate day, String holder) {
                    DayLease lease = real.acquire(day, holder);
                    return new DayLease() {
                        @Override
                        public boolean held() {
                            lease.close();
                            return lease.held();
                        }

                        @Override
                        public String describe() {
                            return lease.describe();
                        }

                        @Override
                        public void close() {
                            lease.close();
                        }
                    };
                }

                @Override
                public long reserveRunSequence(long floor) {
                    return real.reserveRunSequence(floor);
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        };
    }

    private static Result reconcile(ReconcileMain.LeaseStore leases, String[] common, String... args) {
        List<String> all = new ArrayList<>(List.of(common));
        all.addAll(List.of(args));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = ReconcileMain.run(new PrintStream(buf, true, StandardCharsets.UTF_8), leases,
                all.toArray(String[]::new));
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        return new Result(code, out);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
