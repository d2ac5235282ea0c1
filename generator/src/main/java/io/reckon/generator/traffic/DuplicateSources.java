package io.reckon.generator.traffic;

import io.reckon.generator.random.SplitMix64;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory of sent valid records to duplicate, bounded whatever the run length:
 * <ul>
 *   <li>recent: the last {@value #RECENT} records (for exact and conflicting duplicates);</li>
 *   <li>old: a random sample of records sent at least the late-duplicate delay ago (for late duplicates). A sampled
 *       record waits in a queue until it is old enough, then joins a reservoir of at most {@value #OLD} records.</li>
 * </ul>
 */
final class DuplicateSources {
    static final int RECENT = 1024;
    static final int OLD = 4096;
    /** One in eight sent records is kept as a late-duplicate candidate; bounds the waiting queue. */
    private static final double OLD_SAMPLE_RATE = 1.0 / 8;

    private final SentEvent[] recent = new SentEvent[RECENT];
    private long recentCount;
    private final ArrayDeque<SentEvent> waiting = new ArrayDeque<>();
    private final List<SentEvent> old = new ArrayList<>();
    private final long lateDelayMillis;

    DuplicateSources(long lateDelayMillis) {
        this.lateDelayMillis = lateDelayMillis;
    }

    void remember(SentEvent sent, SplitMix64 random) {
        recent[(int) (recentCount++ % RECENT)] = sent;
        if (random.chance(OLD_SAMPLE_RATE)) {
            waiting.addLast(sent);
        }
    }

    /** A random one of the recent records, or null if none was sent yet. */
    SentEvent recent(SplitMix64 random) {
        if (recentCount == 0) {
            return null;
        }
        int size = (int) Math.min(recentCount, RECENT);
        return recent[random.nextInt(size)];
    }

    /** A random record sent at least the late-duplicate delay before {@code now}, or null if none is that old. */
    SentEvent old(long now, SplitMix64 random) {
        while (!waiting.isEmpty() && waiting.peekFirst().timestamp() <= now - lateDelayMillis) {
            SentEvent ripe = waiting.pollFirst();
            if (old.size() < OLD) {
                old.add(ripe);
            } else {
                old.set(random.nextInt(OLD), ripe);
            }
        }
        return old.isEmpty() ? null : old.get(random.nextInt(old.size()));
    }
}
