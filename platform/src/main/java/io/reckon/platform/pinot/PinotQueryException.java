package io.reckon.platform.pinot;

/**
 * A Pinot query that did not give a whole, exact answer: its message is one line and names the query. An
 * {@link IllegalStateException}, as the readers built on pinot-java-client threw before: callers that wait out a
 * Pinot that does not answer catch that.
 */
public final class PinotQueryException extends IllegalStateException {
    private final boolean groupLimit;

    public PinotQueryException(String message) {
        this(message, null, false);
    }

    public PinotQueryException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private PinotQueryException(String message, Throwable cause, boolean groupLimit) {
        super(message, cause);
        this.groupLimit = groupLimit;
    }

    /** A group-by that had more groups than Pinot (or the query's LIMIT) allows: asked with fewer, it may succeed. */
    public static PinotQueryException groupLimit(String message) {
        return new PinotQueryException(message, null, true);
    }

    public boolean isGroupLimit() {
        return groupLimit;
    }
}
