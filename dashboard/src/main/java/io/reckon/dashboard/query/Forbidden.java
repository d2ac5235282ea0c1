package io.reckon.dashboard.query;

/**
 * A request for rows the key may not read (403). The message is the same whether or not the advertiser exists, so
 * that a scoped key learns nothing about others.
 */
public final class Forbidden extends RuntimeException {
    public Forbidden() {
        super("this key may not read that advertiser");
    }
}
