package io.reckon.generator.traffic;

import io.reckon.generator.random.SplitMix64;
import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.event.EventType;
import io.reckon.schemas.time.UtcTime;
import io.reckon.schemas.validation.EventTimeWindow;
import io.reckon.schemas.validation.ReasonCode;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Produces the records of one run in send order. Record timestamps rise evenly over the configured range (the
 * producer's CreateTime); each record is, by the configured shares, a fresh event (on time, out of order or very
 * late), a duplicate (exact, late or conflicting) or an invalid record. Fully determined by the config.
 */
public final class TrafficGenerator implements Iterator<OutgoingRecord> {
    private static final String[] PLACEMENTS = {"feed", "search", "video", "native"};
    private static final long NORMAL_LAG_MAX_MS = 2_000;
    private static final long OUT_OF_ORDER_MIN_MS = 5_000;
    /** Chance that an invalid record takes the event_id of the NEXT fresh event: invalid copies never count as seen. */
    private static final double INVALID_BEFORE_VALID = 0.25;

    private final TrafficConfig config;
    private final Catalog catalog;
    private final SplitMix64 random;
    private final DuplicateSources duplicates;
    private long seq;
    private long invalidCount;
    private String reservedEventId;

    public TrafficGenerator(TrafficConfig config) {
        this.config = config;
        this.catalog = new Catalog(config);
        this.random = SplitMix64.forPurpose(config.seed(), "traffic");
        this.duplicates = new DuplicateSources(config.lateDuplicateDelay().toMillis());
    }

    @Override
    public boolean hasNext() {
        return seq < config.records();
    }

    @Override
    public OutgoingRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long timestamp = config.startMillis()
                + Math.multiplyExact(seq, config.endMillis() - config.startMillis()) / config.records();
        OutgoingRecord record = nextAt(timestamp);
        seq++;
        return record;
    }

    private OutgoingRecord nextAt(long timestamp) {
        Shares shares = config.shares();
        double u = random.nextDouble();
        double bound = shares.invalid();
        if (u < bound) {
            return invalid(timestamp);
        }
        if (u < (bound += shares.exactDuplicate())) {
            return resend(duplicates.recent(random), timestamp, Intent.EXACT_DUPLICATE);
        }
        if (u < (bound += shares.lateDuplicate())) {
            return resend(duplicates.old(timestamp, random), timestamp, Intent.LATE_DUPLICATE);
        }
        if (u < (bound += shares.conflictingDuplicate())) {
            return conflicting(timestamp);
        }
        if (u < (bound += shares.outOfOrder())) {
            return fresh(timestamp, Intent.OUT_OF_ORDER);
        }
        if (u < bound + shares.veryLate()) {
            return fresh(timestamp, Intent.VERY_LATE);
        }
        return fresh(timestamp, Intent.FRESH);
    }

    private OutgoingRecord fresh(long timestamp, Intent intent) {
        long lag = switch (intent) {
            case OUT_OF_ORDER -> {
                long max = config.outOfOrderMax().toMillis();
                yield max >= OUT_OF_ORDER_MIN_MS ? random.between(OUT_OF_ORDER_MIN_MS, max) : random.between(0, max);
            }
            case VERY_LATE -> {
                long min = config.veryLateDelay().toMillis();
                yield random.between(min, 3 * min);
            }
            default -> random.between(0, NORMAL_LAG_MAX_MS);
        };
        AdEvent event = newEvent(timestamp - lag);
        JsonText json = toJson(event);
        if (random.chance(0.05)) {
            json.string("placement", PLACEMENTS[random.nextInt(PLACEMENTS.length)]); // unknown member: ignored
        }
        SentEvent sent = new SentEvent(event, event.eventId().getBytes(StandardCharsets.UTF_8), json.bytes(), timestamp);
        duplicates.remember(sent, random);
        return new OutgoingRecord(seq, sent.key(), sent.value(), timestamp, intent, null);
    }

    /** The same bytes again, later; falls back to a fresh event if there is nothing (still valid) to re-send. */
    private OutgoingRecord resend(SentEvent original, long timestamp, Intent intent) {
        if (original == null || !EventTimeWindow.contains(timestamp, original.event().eventTime())) {
            return fresh(timestamp, Intent.FRESH);
        }
        return new OutgoingRecord(seq, original.key(), original.value(), timestamp, intent, null);
    }

    /** Same event_id as an earlier valid record, other content (still valid on its own). */
    private OutgoingRecord conflicting(long timestamp) {
        SentEvent original = random.chance(0.5) ? duplicates.recent(random) : duplicates.old(timestamp, random);
        if (original == null || !EventTimeWindow.contains(timestamp, original.event().eventTime())) {
            return fresh(timestamp, Intent.FRESH);
        }
        AdEvent e = original.event();
        AdEvent changed = switch (random.nextInt(4)) {
            case 0 -> withCost(e, e.costMicros() < 1_000_000_000L ? e.costMicros() + 1 + random.nextInt(1000) : 1);
            case 1 -> {
                Catalog.Campaign campaign = catalog.sampleCampaign(random);
                yield new AdEvent(e.eventId(), e.eventType(), e.eventTime(), campaign.advertiserId(),
                        campaign.campaignId(), catalog.sampleAd(campaign, random), e.costMicros(),
                        campaign.currency(), e.userId());
            }
            case 2 -> new AdEvent(e.eventId(), e.isClick() ? EventType.IMPRESSION : EventType.CLICK, e.eventTime(),
                    e.advertiserId(), e.campaignId(), e.adId(), e.costMicros(), e.currency(), e.userId());
            default -> {
                // On the previous UTC day: the copy must count nowhere, not on the other day either.
                long previousDay = UtcTime.startOfDay(UtcTime.utcDate(e.eventTime())) - 1 - random.nextInt(3_600_000);
                yield EventTimeWindow.contains(timestamp, previousDay) ? withTime(e, previousDay)
                        : withCost(e, e.costMicros() == 0 ? 1 : e.costMicros() - 1);
            }
        };
        return new OutgoingRecord(seq, original.key(), toJson(changed).bytes(), timestamp,
                Intent.CONFLICTING_DUPLICATE, null);
    }

    private OutgoingRecord invalid(long timestamp) {
        ReasonCode reason = InvalidRecords.PRODUCIBLE.get((int) (invalidCount++ % InvalidRecords.PRODUCIBLE.size()));
        AdEvent base = newEvent(timestamp - random.between(0, NORMAL_LAG_MAX_MS));
        byte[][] keyAndValue = InvalidRecords.make(reason, base, timestamp, random);
        if (random.chance(INVALID_BEFORE_VALID)) {
            reservedEventId = base.eventId();
        }
        return new OutgoingRecord(seq, keyAndValue[0], keyAndValue[1], timestamp, Intent.INVALID, reason);
    }

    private AdEvent newEvent(long eventTime) {
        Catalog.Campaign campaign = catalog.sampleCampaign(random);
        String adId = catalog.sampleAd(campaign, random);
        EventType type = random.chance(config.clickShare()) ? EventType.CLICK : EventType.IMPRESSION;
        boolean charged = (campaign.model() == Catalog.PricingModel.CPM) == (type == EventType.IMPRESSION);
        // Clearing prices vary below the bid, as in second-price auctions.
        long cost = charged ? Math.round(campaign.priceMicros() * (0.7 + 0.3 * random.nextDouble())) : 0;
        String eventId = reservedEventId != null ? reservedEventId : uuid();
        reservedEventId = null;
        String userId = random.chance(0.9) ? "u-" + random.nextInt(config.users()) : null;
        return new AdEvent(eventId, type, eventTime, campaign.advertiserId(), campaign.campaignId(), adId, cost,
                campaign.currency(), userId);
    }

    private String uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(most, least).toString();
    }

    private static AdEvent withCost(AdEvent e, long cost) {
        return new AdEvent(e.eventId(), e.eventType(), e.eventTime(), e.advertiserId(), e.campaignId(), e.adId(),
                Math.min(cost, 1_000_000_000L), e.currency(), e.userId());
    }

    private static AdEvent withTime(AdEvent e, long eventTime) {
        return new AdEvent(e.eventId(), e.eventType(), eventTime, e.advertiserId(), e.campaignId(), e.adId(),
                e.costMicros(), e.currency(), e.userId());
    }

    /** The ingress JSON of an event, members in the contract's order. */
    static JsonText toJson(AdEvent event) {
        JsonText json = new JsonText()
                .string("event_id", event.eventId())
                .string("event_type", event.eventType().wireName())
                .number("event_time", event.eventTime())
                .string("advertiser_id", event.advertiserId())
                .string("campaign_id", event.campaignId())
                .string("ad_id", event.adId())
                .number("cost_micros", event.costMicros())
                .string("currency", event.currency());
        if (event.userId() != null) {
            json.string("user_id", event.userId());
        }
        return json;
    }
}
