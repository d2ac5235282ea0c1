package io.reckon.demo;

import io.reckon.platform.pinot.PinotBroker;
import io.reckon.platform.pinot.PinotQueryException;
import io.reckon.platform.pinot.PinotResult;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.stack.StackException;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What a dashboard sees in Pinot for one day: every row, read through the platform's {@link PinotBroker} (whole
 * answers only, integers exact; never SUM(): it is a double).
 */
public final class PinotDay {
    private static final int MAX_ROWS = 2_000_000;
    private final PinotBroker broker;
    private final String table;

    public PinotDay(String brokerUrl, String table) {
        this.broker = new PinotBroker(brokerUrl);
        this.table = PinotBroker.table(table);
    }

    public DayNumbers read(LocalDate day) {
        long from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String sql = "SELECT advertiser_id, campaign_id, ad_id, currency, window_start, impressions, clicks, spend_micros,"
                + " version"
                + " FROM " + table + " WHERE window_start >= " + from + " AND window_start < " + to + " LIMIT " + MAX_ROWS;
        PinotResult rs;
        try {
            rs = broker.query(sql);
        } catch (PinotQueryException e) {
            throw new StackException(e.getMessage(), e);
        }
        if (rs.rowCount() >= MAX_ROWS) {
            throw new StackException("the demo day has more than " + MAX_ROWS + " rows in Pinot; use a smaller --count");
        }
        DayNumbers numbers = new DayNumbers();
        for (int i = 0; i < rs.rowCount(); i++) {
            GrainKey key = new GrainKey(rs.string(i, 0), rs.string(i, 1), rs.string(i, 2), rs.string(i, 3),
                    rs.exactLong(i, 4));
            numbers.put(key, rs.exactLong(i, 5), rs.exactLong(i, 6), rs.exactLong(i, 7));
            numbers.versions.put(key, rs.exactLong(i, 8));
        }
        return numbers;
    }
}
