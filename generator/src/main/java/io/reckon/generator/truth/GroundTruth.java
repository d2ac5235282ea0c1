package io.reckon.generator.truth;

import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.ReasonCode;
import io.reckon.schemas.validation.Verdict;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The expected result of the pipeline, computed from exactly what was sent, by the contract:
 * <ul>
 *   <li>verdicts come from the shared rules ({@link IngressValidator}), so invalid records never count;</li>
 *   <li>a valid record counts only if no EARLIER valid record had its event_id (duplicates count nowhere, whatever
 *       their content or day); invalid records are never "seen";</li>
 *   <li>the first valid copy counts at its own grain row: (advertiser, campaign, ad, currency, minute).</li>
 * </ul>
 * Records must be fed in send order. "Earlier" in the contract is the offset order inside a partition; every copy
 * of an event_id has the same key and so the same partition, and one idempotent producer keeps each partition in
 * send order, so the global send order restricted to a partition IS its offset order.
 */
public final class GroundTruth {
    private final Set<String> seenEventIds = new HashSet<>();
    private final TreeMap<GrainKey, Totals> rows = new TreeMap<>();
    private final EnumMap<ReasonCode, Long> invalidByReason = new EnumMap<>(ReasonCode.class);
    private long records;
    private long valid;
    private long duplicates;

    public void accept(byte[] key, byte[] value, long recordTimestamp) {
        records++;
        Verdict verdict = IngressValidator.validate(key, value, recordTimestamp);
        if (verdict instanceof Verdict.Invalid invalid) {
            invalidByReason.merge(invalid.reason(), 1L, Long::sum);
            return;
        }
        valid++;
        AdEvent event = ((Verdict.Valid) verdict).event();
        if (!seenEventIds.add(event.eventId())) {
            duplicates++;
            return;
        }
        rows.computeIfAbsent(GrainKey.of(event), k -> new Totals()).add(event.isClick(), event.costMicros());
    }

    /** Expected rows at the grain, sorted by {@link GrainKey#ORDER}. */
    public SortedMap<GrainKey, Totals> rows() {
        return rows;
    }

    /** Expected daily billing lines: the rows summed per (UTC day of window_start, advertiser, campaign, currency). */
    public SortedMap<BillingKey, Totals> billingDaily() {
        TreeMap<BillingKey, Totals> daily = new TreeMap<>();
        rows.forEach((key, totals) -> daily.computeIfAbsent(
                new BillingKey(key.billingDay(), key.advertiserId(), key.campaignId(), key.currency()),
                k -> new Totals()).add(totals));
        return daily;
    }

    public long records() {
        return records;
    }

    public long valid() {
        return valid;
    }

    /** Valid records that count: one per distinct event_id. */
    public long billable() {
        return valid - duplicates;
    }

    public long duplicates() {
        return duplicates;
    }

    public Map<ReasonCode, Long> invalidByReason() {
        return invalidByReason;
    }

    public long invalid() {
        return records - valid;
    }
}
