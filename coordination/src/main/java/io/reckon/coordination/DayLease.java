package io.reckon.coordination;

/** The right to work on one day of one pipeline, held until {@link #close()} or the holder's death. */
public interface DayLease extends AutoCloseable {

    /**
     * Whether it is still held, checked now with the store. False once it was lost (the session expired, say, after
     * the process was paused longer than the session timeout, and another run may have taken the day since) and
     * whenever it cannot be checked. A run asks before it writes anything a reader takes as a result.
     */
    boolean held();

    /** The lease's day and where it lives, for messages. */
    String describe();

    /** Releases it (if still held). */
    @Override
    void close();
}
