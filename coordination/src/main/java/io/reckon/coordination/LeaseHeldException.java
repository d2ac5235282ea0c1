package io.reckon.coordination;

/** Another run holds the day's lease; the message names it. */
public final class LeaseHeldException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String holder;

    public LeaseHeldException(String message, String holder) {
        super(message);
        this.holder = holder;
    }

    /** The holder's own description, as it took the lease. */
    public String holder() {
        return holder;
    }
}
