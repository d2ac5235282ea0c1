package io.reckon.dashboard.query;

/** A request the API refuses with 400: its message is one line and names what to change. */
public final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
