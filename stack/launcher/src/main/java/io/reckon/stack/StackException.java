package io.reckon.stack;

/** A failure of the local stack that the user can act on; its message is one line and says what to do. */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
