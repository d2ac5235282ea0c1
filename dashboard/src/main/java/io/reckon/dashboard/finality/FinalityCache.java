package io.reckon.dashboard.finality;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The FINAL days, read in the background every {@code refresh} so that no request waits for HiveServer2. Until the
 * first read succeeds the dashboard does not know which days are FINAL and says so (503): it never presents a day as
 * provisional only because it could not ask. A later failed read keeps the last good state and is logged once.
 */
public final class FinalityCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FinalityCache.class);

    /** What the dashboard knows of finality, and since when. */
    public record State(SortedMap<LocalDate, DayFinality> finalDays, Instant readAt) {
    }

    private final FinalitySource source;
    private final Clock clock;
    private final ScheduledExecutorService refresher;
    private volatile State state;
    private volatile String lastError;

    private FinalityCache(FinalitySource source, Clock clock, Duration refresh) {
        this.source = source;
        this.clock = clock;
        if (refresh == null) {
            this.refresher = null;
        } else {
            this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "reckon-serve-finality");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(() -> {
                try {
                    refreshNow();
                } catch (Throwable t) {  // an Error would cancel the schedule for good: report it and go on
                    LOG.error("cannot refresh the FINAL days: {}", t.toString());
                    lastError = t.toString();
                }
            }, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Refreshed every {@code refresh} in the background, starting now. */
    public static FinalityCache refreshedEvery(FinalitySource source, Duration refresh) {
        return new FinalityCache(source, Clock.systemUTC(), refresh);
    }

    /** Refreshed only by {@link #refreshNow} (tests). */
    public static FinalityCache manual(FinalitySource source) {
        return new FinalityCache(source, Clock.systemUTC(), null);
    }

    /** Reads the FINAL days once; a failure keeps what was known. */
    public void refreshNow() {
        try {
            SortedMap<LocalDate, DayFinality> days = source.finalDays();
            state = new State(Collections.unmodifiableSortedMap(new TreeMap<>(days)), clock.instant());
            if (lastError != null) {
                LOG.info("the FINAL days are readable again ({} days FINAL)", days.size());
            }
            lastError = null;
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).equals(lastError)) {
                LOG.warn("cannot refresh the FINAL days: {}", e.getMessage());
            }
            lastError = String.valueOf(e.getMessage());
        }
    }

    /** The FINAL days, or empty while they have never been read. */
    public Optional<State> state() {
        return Optional.ofNullable(state);
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
