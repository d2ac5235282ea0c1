package io.reckon.reconciliation;

import io.reckon.coordination.MemoryDayLeases;
import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.ExactRow;
import io.reckon.reconciliation.compare.ExactSummary;
import io.reckon.reconciliation.compare.PinotRow;
import io.reckon.reconciliation.compare.TimeRange;
import io.reckon.reconciliation.compare.Totals;
import io.reckon.reconciliation.compare.TruthCheck;
import io.reckon.reconciliation.io.FinalRecord;
import io.reckon.reconciliation.io.HiveStore;
import io.reckon.reconciliation.io.HiveTableNames;
import io.reckon.reconciliation.io.ListExactRows;
import io.reckon.reconciliation.io.ReconcileStores;
import io.reckon.reconciliation.io.RunRecord;
import io.reckon.reconciliation.report.RunOutcome;
import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.version.Versions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control flow of one reconcile run (FINAL, ALREADY_FINAL, OPEN, each refusal), in-JVM, on small in-memory
 * implementations of its stores and leases. The same flow on the real engines: ReconcileITCase.
 */
class ReconcilerTest {
    private static final LocalDate DAY = LocalDate.of(2025, 11, 25);
    private static final long T0 = TimeRange.ofDay(DAY).from();
    private static final String BATCH = "batch-1";

    @TempDir
    Path dir;

    private final MemoryTruth hive = new MemoryTruth();
    private final MemoryPinot pinot = new MemoryPinot();
    private final MemoryDayLeases leases = new MemoryDayLeases();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final List<AggregateRow> published = new ArrayList<>();
    /** Whether the corrections reach Pinot once committed (false: a Pinot that is not consuming). */
    private boolean pinotConsumes = true;

    private static GrainKey key(int minute) {
        return new GrainKey("adv-1", "cmp-1", "ad-" + minute, "USD", T0 + minute * 60_000L);
    }

    @BeforeEach
    void aDayWhosePinotRowsAreTheSpeedLayers() {
        for (int m = 0; m < 3; m++) {
            hive.rows.add(new ExactRow(key(m), new Counts(10 + m, 1, 1_000 * (m + 1)), BATCH));
            // The speed layer's view: one key short of an impression, all at speed versions.
            pinot.live.put(key(m), new PinotRow(key(m), new Counts(m == 1 ? 10 : 10 + m, 1, 1_000 * (m + 1)),
                    1_700_000_000_000L + m));
        }
        hive.recorded = recordedOf(hive.rows, false);
    }

    private static TruthCheck.Recorded recordedOf(List<ExactRow> rows, boolean forced) {
        long impressions = rows.stream().mapToLong(r -> r.counts().impressions()).sum();
        long clicks = rows.stream().mapToLong(r -> r.counts().clicks()).sum();
        long spend = rows.stream().mapToLong(r -> r.counts().spendMicros()).sum();
        return new TruthCheck.Recorded(BATCH, rows.size(), impressions, clicks, Map.of("USD", spend), forced);
    }

    private ReconcileSettings settings(boolean acceptForced) {
        return new ReconcileSettings("kafka:9092", "ad-stats-minute", "broker:8099",
                "ad_stats_minute", "jdbc:hive2://hs2", HiveTableNames.DEFAULTS, 100, 60, Duration.ofMillis(300),
                Duration.ofMillis(5), Duration.ofMinutes(10), "reckon-reconcile", dir.resolve("reports"),
                dir.resolve("work"), 5, acceptForced);
    }

    private RunOutcome reconcile(boolean acceptForced) {
        return new Reconciler(settings(acceptForced), leases, stores(), new PrintStream(log, true, StandardCharsets.UTF_8))
                .reconcile(DAY);
    }

    /** bin/reckon reconcile --verify-final on the same stores. */
    private boolean verifyFinal() {
        return new FinalityCheck(settings(false), stores(), new PrintStream(log, true, StandardCharsets.UTF_8))
                .verifyFinal(DAY);
    }

    private RunOutcome reconcile() {
        return reconcile(false);
    }

    private String out() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void correctsPinotWithBatchVersionsThenMarksTheDayFinal() {
        assertThat(reconcile()).isEqualTo(RunOutcome.FINAL);

        long version = Versions.batch(1);
        assertThat(published).as("every key re-stamped, the differing one corrected").hasSize(3)
                .allMatch(r -> r.version() == version);
        assertThat(pinot.live.values()).allMatch(r -> r.version() == version);
        assertThat(pinot.live.get(key(1)).counts()).isEqualTo(new Counts(11, 1, 2_000));
        assertThat(hive.finals).singleElement().satisfies(f -> {
            assertThat(f.finalVersion()).isEqualTo(version);
            assertThat(f.batchRunId()).isEqualTo(BATCH);
            assertThat(f.totalImpressions()).isEqualTo(33);
            assertThat(f.spendMicrosByCurrency()).containsEntry("USD", 6_000L);
            assertThat(f.previousFinalVersion()).isNull();
        });
        assertThat(hive.runs).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("FINAL");
            assertThat(r.runSequence()).isEqualTo(1L);
            assertThat(r.finalVersion()).isEqualTo(version);
        });
        assertThat(leases.lease.closed).as("the lease is given back").isTrue();
        assertThat(out()).contains("published 3 corrections").contains("is FINAL at version " + version)
                .contains("read 3 exact rows (the run's own copy)");
        assertThat(hive.reads).as("each range of the exact rows is read from Hive once; the recheck uses the run's copy")
                .isEqualTo(Reconciler.HIVE_READERS);
        assertThat(hive.summaries).as("and Hive's own sums of them once, before FINAL").isOne();
        assertThat(dir.resolve("work")).as("the run's copies are deleted").isEmptyDirectory();
    }

    @Test
    void verifyFinalSaysNotFinalBeforeAnyRunAndFinalAfterOne() {
        assertThat(verifyFinal()).isFalse();
        assertThat(out()).contains(DAY + " is NOT FINAL: no record in");
        assertThat(reconcile()).isEqualTo(RunOutcome.FINAL);
        assertThat(verifyFinal()).isTrue();
        assertThat(out()).contains(DAY + " is FINAL at version " + Versions.batch(1))
                .contains("Pinot equals the exact rows for 3 keys");
        assertThat(published).as("a check publishes nothing").hasSize(3);
    }

    @Test
    void verifyFinalSeesASpeedRowThatLandedAfterFinal() {
        assertThat(reconcile()).isEqualTo(RunOutcome.FINAL);
        // A late event after FINAL: the speed layer writes a key the batch run never saw, at a speed version.
        GrainKey late = key(7);
        pinot.live.put(late, new PinotRow(late, new Counts(1, 0, 500), 1_800_000_000_000L));
        assertThat(verifyFinal()).isFalse();
        assertThat(out()).contains(DAY + " is NOT FINAL any more: 1 keys differ");
    }

    @Test
    void verifyFinalSeesExactRowsOfAnotherBatchRun() {
        assertThat(reconcile()).isEqualTo(RunOutcome.FINAL);
        List<ExactRow> rerun = hive.rows.stream().map(r -> new ExactRow(r.key(), r.counts(), "batch-2")).toList();
        hive.rows.clear();
        hive.rows.addAll(rerun);
        assertThat(verifyFinal()).isFalse();
        assertThat(out()).contains("is NOT FINAL any more: the exact rows now come from batch run(s) [batch-2]");
    }

    @Test
    void aSecondRunOnTheSameRowsHasNothingToPublishAndIsAlreadyFinal() {
        assertThat(reconcile()).isEqualTo(RunOutcome.FINAL);
        published.clear();

        assertThat(reconcile()).isEqualTo(RunOutcome.ALREADY_FINAL);
        assertThat(published).isEmpty();
        assertThat(hive.finals).as("no new FINAL version").hasSize(1);
        assertThat(hive.runs).extracting(RunRecord::outcome).containsExactly("FINAL", "ALREADY_FINAL");
    }

    @Test
    void aNewBatchResultWithTheSameNumbersBecomesANewFinalWithoutPublishing() {
        assertThat(reconcile()).isEqualTo(RunOutcome.FINAL);
        published.clear();
        // The batch re-run: the same numbers under a new run id; Pinot already shows them with batch versions.
        hive.rows.replaceAll(r -> new ExactRow(r.key(), r.counts(), "batch-2"));
        hive.recorded = new TruthCheck.Recorded("batch-2", 3, 33, 3, Map.of("USD", 6_000L), false);

        assertThat(reconcile()).isEqualTo(RunOutcome.FINAL);
        assertThat(published).isEmpty();
        assertThat(hive.finals).extracting(FinalRecord::batchRunId).containsExactly(BATCH, "batch-2");
        assertThat(hive.finals.get(1).previousFinalVersion()).isEqualTo(hive.finals.get(0).finalVersion());
    }

    @Test
    void stayOpenWhenPinotNeverShowsTheCorrections() {
        pinotConsumes = false;
        assertThat(reconcile()).isEqualTo(RunOutcome.OPEN);
        assertThat(published).hasSize(3);
        assertThat(hive.finals).as("not FINAL").isEmpty();
        assertThat(hive.runs).extracting(RunRecord::outcome).containsExactly("OPEN");
        assertThat(out()).contains("Pinot shows only 0 of 3 corrections");
    }

    @Test
    void aPinotThatDoesNotAnswerForAWhileIsWaitedOut() {
        pinot.failuresLeft = 3;  // a restart: its queries fail, then it answers
        assertThat(reconcile()).isEqualTo(RunOutcome.FINAL);
        assertThat(out()).contains("Pinot does not answer, waiting for it");
    }

    @Test
    void aPinotThatStillDoesNotAnswerAtTheDeadlineLeavesTheDayOpenWithTheError() {
        pinot.failuresLeft = Integer.MAX_VALUE;
        assertThat(reconcile()).isEqualTo(RunOutcome.OPEN);
        assertThat(hive.runs.get(0).message()).contains("Pinot did not answer").contains("segments unavailable");
        assertThat(hive.finals).isEmpty();
    }

    @Test
    void refusesRowsThatAreNotTheirBatchRunsResultAndRecordsTheRefusal() {
        hive.rows.remove(2);  // what a batch killed inside its partition swap leaves
        assertThat(reconcile()).isEqualTo(RunOutcome.FAILED);
        assertThat(published).as("nothing published").isEmpty();
        assertThat(hive.finals).isEmpty();
        assertThat(hive.runs).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("FAILED");
            assertThat(r.runSequence()).as("refused before it reserved a sequence").isNull();
            assertThat(r.message()).contains("refused: the exact partition holds 2 rows where batch run batch-1 "
                    + "recorded 3");
        });
        assertThat(leases.sequence).as("no sequence reserved").isZero();
    }

    @Test
    void refusesAForcedBatchRunUnlessAcceptedThenMarksTheFinalForced() {
        hive.recorded = recordedOf(hive.rows, true);
        assertThat(reconcile()).isEqualTo(RunOutcome.FAILED);
        assertThat(hive.runs.get(0).message()).contains("was forced").contains("--accept-forced");
        assertThat(published).isEmpty();

        assertThat(reconcile(true)).isEqualTo(RunOutcome.FINAL);
        assertThat(hive.finals).singleElement().satisfies(f -> assertThat(f.forced()).isTrue());
        assertThat(out()).contains("(FORCED)");
    }

    @Test
    void aDayAnotherRunHoldsIsRefusedBeforeAnythingIsReadAndNotRecorded() {
        leases.heldBy = "reconcile run recon-other, pid 1 on elsewhere, since 2025-11-26T00:00:00Z";
        assertThat(reconcile()).isEqualTo(RunOutcome.FAILED);
        assertThat(hive.opened).as("Hive never opened").isZero();
        assertThat(hive.runs).isEmpty();
        assertThat(out()).contains("refused: " + DAY + " is being processed by reconcile run recon-other")
                .contains("not recorded: refused before anything was read");
    }

    @Test
    void aLeaseLostDuringTheRunRefusesFinalThoughTheCorrectionsArePublished() {
        leases.loseTheLease = true;
        assertThat(reconcile()).isEqualTo(RunOutcome.FAILED);
        assertThat(published).hasSize(3);
        assertThat(hive.finals).isEmpty();
        assertThat(hive.runs.get(0).message()).contains("refused FINAL").contains("was lost during the run");
    }

    @Test
    void aChangeOfTheExactRowsDuringTheRunLeavesTheDayOpen() {
        hive.changeAfterFirstRead = () -> hive.rows.set(0, new ExactRow(key(0), new Counts(99, 1, 1_000), BATCH));
        assertThat(reconcile()).isEqualTo(RunOutcome.OPEN);
        assertThat(hive.finals).isEmpty();
        assertThat(hive.runs.get(0).message()).contains("the exact rows changed during the run");
    }

    @Test
    void aChangeOfTheExactRowsIsNoticedAlsoWhenThereIsNothingToPublish() {
        assertThat(reconcile()).isEqualTo(RunOutcome.FINAL);
        hive.finals.clear();  // the day's rows verified in Pinot, not FINAL: the next run has nothing to publish
        hive.changeAfterFirstRead = () -> hive.rows.replaceAll(r -> new ExactRow(r.key(), r.counts(), "batch-rerun"));
        published.clear();
        assertThat(reconcile()).isEqualTo(RunOutcome.OPEN);
        assertThat(published).isEmpty();
        assertThat(hive.finals).isEmpty();
        assertThat(out()).contains("nothing to publish: Pinot already equals the exact rows");
        assertThat(hive.runs.get(1).message()).contains("the exact rows changed during the run")
                .contains("[" + BATCH + "] -> [batch-rerun]");
    }

    @Test
    void anExactRowOutsideItsDayIsRefusedBeforeAnythingIsPublished() {
        hive.rows.add(new ExactRow(key(24 * 60 + 5), new Counts(1, 0, 100), BATCH));
        assertThat(reconcile()).isEqualTo(RunOutcome.FAILED);
        assertThat(published).isEmpty();
        assertThat(hive.finals).isEmpty();
        assertThat(hive.runs.get(0).message()).contains("is outside the day");
    }

    @Test
    void aNewBatchRunWithTheSameNumbersDuringTheRunAlsoLeavesTheDayOpen() {
        hive.changeAfterFirstRead = () -> hive.rows.replaceAll(r -> new ExactRow(r.key(), r.counts(), "batch-rerun"));
        assertThat(reconcile()).isEqualTo(RunOutcome.OPEN);
        assertThat(hive.finals).isEmpty();
        assertThat(hive.runs.get(0).message()).contains("the exact rows changed during the run")
                .contains("batch runs [" + BATCH + "] -> [batch-rerun]");
    }

    // ---- the in-memory stores ----

    private ReconcileStores stores() {
        return new ReconcileStores() {
            @Override
            public Truth truth() {
                synchronized (hive) {  // the parallel read opens connections from its threads
                    hive.opened++;
                }
                return hive;
            }

            @Override
            public Corrections fence(String transactionalId) {
                assertThat(transactionalId).isEqualTo("reckon-reconcile-ad-stats-minute-" + DAY);
                return new Corrections() {
                    @Override
                    public long publish(Consumer<Consumer<AggregateRow>> rows) {
                        List<AggregateRow> batch = new ArrayList<>();
                        rows.accept(batch::add);
                        published.addAll(batch);
                        if (pinotConsumes) {
                            batch.forEach(r -> pinot.live.put(r.key(), new PinotRow(r.key(),
                                    new Counts(r.impressions(), r.clicks(), r.spendMicros()), r.version())));
                        }
                        return batch.size();
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public Pinot pinot() {
                return pinot;
            }
        };
    }

    /** The exact table, batch_runs, reconciliation_runs and final_days of one day. */
    static class MemoryTruth implements ReconcileStores.Truth {
        final List<ExactRow> rows = new ArrayList<>();
        TruthCheck.Recorded recorded;
        final List<RunRecord> runs = new ArrayList<>();
        final List<FinalRecord> finals = new ArrayList<>();
        int opened;
        int reads;
        int summaries;
        Runnable changeAfterFirstRead;

        @Override
        public void refresh(String table) {
        }

        @Override
        public synchronized ReconcileStores.ExactRows exactRows(LocalDate day, TimeRange range) {
            reads++;
            TimeRange whole = TimeRange.ofDay(day);
            List<ExactRow> sorted = rows.stream().filter(r -> (range.from() == whole.from()
                            || r.key().windowStart() >= range.from())
                            && (range.to() == whole.to() || r.key().windowStart() < range.to()))
                    .sorted(Comparator.comparingLong((ExactRow r) -> r.key().windowStart()).thenComparing(ExactRow::key))
                    .toList();  // as HiveStore's query: ORDER BY window_start
            return ListExactRows.of(sorted);
        }

        /** Hive's own sums of the rows; {@link #changeAfterFirstRead} runs first (a batch run rewrote the day). */
        @Override
        public ExactSummary exactSummary(LocalDate day) {
            summaries++;
            if (changeAfterFirstRead != null) {
                changeAfterFirstRead.run();
            }
            SortedMap<String, Totals> totals = new TreeMap<>();
            rows.forEach(r -> totals.computeIfAbsent(r.key().currency(), c -> new Totals()).add(r.counts()));
            return ExactSummary.of(new TreeSet<>(rows.stream().map(ExactRow::batchRunId).toList()), rows.size(), totals);
        }

        @Override
        public OptionalLong maxRunSequence() {
            return runs.stream().filter(r -> r.runSequence() != null).mapToLong(RunRecord::runSequence).max();
        }

        @Override
        public Optional<HiveStore.FinalState> currentFinal(LocalDate day) {
            return finals.stream().max(Comparator.comparingLong(FinalRecord::finalVersion)).map(f ->
                    new HiveStore.FinalState(f.finalVersion(), f.runSequence(), f.reconciliationRunId(), f.batchRunId(),
                            f.finalizedAt()));
        }

        @Override
        public Optional<String> latestSucceededBatchRun(LocalDate day) {
            return Optional.of(recorded.batchRunId());
        }

        @Override
        public TruthCheck.Recorded recordedResult(LocalDate day, Collection<String> runIdsOnRows) {
            return recorded;
        }

        @Override
        public HiveStore.Lineage lineage(Collection<String> batchRunIds) {
            return new HiveStore.Lineage(batchRunIds.iterator().next(), new TreeMap<>(Map.of(0, 42L)));
        }

        @Override
        public void insert(RunRecord run) {
            runs.add(run);
        }

        @Override
        public void insert(FinalRecord finalRecord) {
            finals.add(finalRecord);
        }

        @Override
        public void close() {
        }
    }

    /** Pinot's live rows, upserted by key; {@code failuresLeft} queries fail as a restarting Pinot's do. */
    static final class MemoryPinot implements ReconcileStores.Pinot {
        final Map<GrainKey, PinotRow> live = new TreeMap<>();
        int failuresLeft;

        @Override
        public List<PinotRow> rows(TimeRange range, int limit) {
            return live.values().stream().filter(r -> r.key().windowStart() >= range.from()
                    && r.key().windowStart() < range.to()).limit(limit).toList();
        }

        @Override
        public long count(TimeRange range) {
            return rows(range, Integer.MAX_VALUE).size();
        }

        @Override
        public long countAtVersion(TimeRange range, long version) {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("Pinot query failed: 4 segments unavailable (errorCode 305)");
            }
            return rows(range, Integer.MAX_VALUE).stream().filter(r -> r.version() == version).count();
        }

        @Override
        public void close() {
        }
    }
}
