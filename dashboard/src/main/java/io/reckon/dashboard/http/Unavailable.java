package io.reckon.dashboard.http;

/** The dashboard cannot answer truthfully now (503): which days are FINAL is not known yet. */
public final class Unavailable extends RuntimeException {
    public Unavailable(String message) {
        super(message);
    }
}
