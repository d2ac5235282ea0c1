package io.reckon.platform.pinot;

/**
 * A Pinot query that did not give a whole, exact answer: its message is one line and names the query. An
 * {@link IllegalStateException}, as the readers built on pinot-java-client threw before: callers that wait out a
 * Pinot that does not answer catch that.
 */
public final class PinotQueryException extends IllegalStateException {
    public PinotQueryException(String message) {
        super(message);
    }

    public PinotQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
