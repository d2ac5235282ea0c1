package io.reckon.reconciliation.io;

import io.reckon.reconciliation.ReconcileSettings;
import io.reckon.reconciliation.compare.ExactRow;
import io.reckon.reconciliation.compare.ExactSummary;
import io.reckon.reconciliation.compare.PinotPageSource;
import io.reckon.reconciliation.compare.TimeRange;
import io.reckon.reconciliation.compare.TruthCheck;
import io.reckon.schemas.aggregate.AggregateRow;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * What a reconcile run works with, as interfaces: the truth and the run records in Hive, Pinot's rows, and the
 * publisher of corrections. {@link #of} wires the real ones (HiveServer2, Pinot's broker, Kafka); the run's control
 * flow is tested with small in-memory ones (ReconcilerTest).
 */
public interface ReconcileStores {

    /** Opens the truth store (a HiveServer2 connection). */
    Truth truth();

    /** Opens the publisher of a day's corrections; opening it fences every earlier run of the day. */
    Corrections fence(String transactionalId);

    /** Opens a reader of Pinot. */
    Pinot pinot();

    /** The real ones, from the settings. */
    static ReconcileStores of(ReconcileSettings s) {
        return new ReconcileStores() {
            @Override
            public Truth truth() {
                return new HiveStore(s.hiveJdbcUrl(), s.tables());
            }

            @Override
            public Corrections fence(String transactionalId) {
                return CorrectionPublisher.open(s.kafkaBootstrap(), s.topic(), transactionalId, s.transactionTimeout());
            }

            @Override
            public Pinot pinot() {
                return new PinotReader(s.pinotBroker(), s.pinotTable());
            }
        };
    }

    /** The exact rows of a day as one pass, with the batch runs named on them. */
    interface ExactRows extends Iterator<ExactRow>, AutoCloseable {
        SortedSet<String> batchRunIds();

        long rows();

        @Override
        void close();
    }

    /** What a run reads from and records in Hive ({@link HiveStore}). */
    interface Truth extends AutoCloseable {
        void refresh(String table);

        /**
         * The day's exact rows with window starts in {@code range}, ascending by window_start; a range that starts
         * (ends) the day is open below (above), so rows of the partition outside the day are not left out.
         */
        ExactRows exactRows(LocalDate day, TimeRange range);

        /** The day's exact rows summarised by Hive without listing them: to check they did not change. */
        ExactSummary exactSummary(LocalDate day);

        OptionalLong maxRunSequence();

        Optional<HiveStore.FinalState> currentFinal(LocalDate day);

        Optional<String> latestSucceededBatchRun(LocalDate day);

        TruthCheck.Recorded recordedResult(LocalDate day, Collection<String> runIdsOnRows);

        HiveStore.Lineage lineage(Collection<String> batchRunIds);

        void insert(RunRecord run);

        void insert(FinalRecord finalRecord);

        @Override
        void close();
    }

    /** Pinot's live rows ({@link PinotReader}). */
    interface Pinot extends PinotPageSource, AutoCloseable {
        /** Live rows of the range carrying exactly this version. */
        long countAtVersion(TimeRange range, long version);

        @Override
        void close();
    }

    /** One run's corrections, in one transaction ({@link CorrectionPublisher}). */
    interface Corrections extends AutoCloseable {
        /** Sends every row the source yields in one transaction and commits it; returns the number of rows. */
        long publish(Consumer<Consumer<AggregateRow>> rows);

        @Override
        void close();
    }
}
