package io.reckon.reconciliation.io;

import io.reckon.reconciliation.compare.Counts;
import io.reckon.reconciliation.compare.ExactRow;
import io.reckon.schemas.aggregate.GrainKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Reading ahead on a thread of its own changes nothing the reader sees: order, count, failures, closing. */
class PrefetchedExactRowsTest {

    /** {@code n} rows, failing at row {@code failAt} (-1: never); counts what was read and whether it was closed. */
    private static final class Source implements ReconcileStores.ExactRows {
        final long n;
        final long failAt;
        final AtomicLong read = new AtomicLong();
        final AtomicBoolean closed = new AtomicBoolean();
        final SortedSet<String> ids = new TreeSet<>();

        Source(long n, long failAt) {
            this.n = n;
            this.failAt = failAt;
        }

        @Override
        public boolean hasNext() {
            return read.get() < n;
        }

        @Override
        public ExactRow next() {
            long i = read.getAndIncrement();
            if (i == failAt) {
                throw new IllegalStateException("reading the exact rows failed: the Thrift server went away");
            }
            String run = i < n / 2 ? "batch-a" : "batch-b";
            ids.add(run);
            return new ExactRow(new GrainKey("adv", "cmp", "ad-" + i, "USD", 60_000L * i), new Counts(i, 0, i), run);
        }

        @Override
        public SortedSet<String> batchRunIds() {
            return ids;
        }

        @Override
        public long rows() {
            return read.get();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void theRowsComeOutInTheSourcesOrderAcrossManyChunks() {
        Source source = new Source(20_001, -1);
        List<Long> minutes = new ArrayList<>();
        try (PrefetchedExactRows rows = new PrefetchedExactRows(source, "test")) {
            rows.forEachRemaining(r -> minutes.add(r.key().windowStart() / 60_000L));
            assertThat(rows.rows()).isEqualTo(20_001);
            assertThat(rows.batchRunIds()).containsExactly("batch-a", "batch-b");
        }
        assertThat(minutes).hasSize(20_001).isSorted().startsWith(0L).endsWith(20_000L);
        assertThat(source.closed).isTrue();
    }

    @Test
    void aFailureOfTheSourceReachesTheReader() {
        Source source = new Source(10_000, 5_000);
        List<ExactRow> got = new ArrayList<>();
        try (PrefetchedExactRows rows = new PrefetchedExactRows(source, "test")) {
            assertThatThrownBy(() -> rows.forEachRemaining(got::add)).hasMessageContaining("Thrift server went away");
            assertThat(got).hasSizeLessThan(5_000);
            assertThatThrownBy(rows::batchRunIds).as("never a partial set").isInstanceOf(IllegalStateException.class);
        }
        assertThat(source.closed).isTrue();
    }

    @Test
    void closingEarlyStopsTheReadingThreadAndClosesTheSource() {
        Source source = new Source(Long.MAX_VALUE, -1);
        PrefetchedExactRows rows = new PrefetchedExactRows(source, "test");
        assertThat(rows.next().key().adId()).isEqualTo("ad-0");
        rows.close();
        assertThat(source.closed).as("closed by the reading thread before close returns").isTrue();
        long after = source.read.get();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> source.read.get() == after);
        assertThat(after).as("read ahead a bounded amount only").isLessThan(20 * 2_048);
    }
}
