package io.reckon.schemas.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes an {@link AdEvent} as the ingress JSON value: UTF-8, compact, fields in the contract's order, user_id
 * omitted when absent. Reading goes through {@link io.reckon.schemas.validation.IngressValidator}, which is the
 * only parser of ingress bytes.
 */
public final class AdEventJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private AdEventJson() {
    }

    public static byte[] encode(AdEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("event_id", event.eventId());
            json.writeStringField("event_type", event.eventType().wireName());
            json.writeNumberField("event_time", event.eventTime());
            json.writeStringField("advertiser_id", event.advertiserId());
            json.writeStringField("campaign_id", event.campaignId());
            json.writeStringField("ad_id", event.adId());
            json.writeNumberField("cost_micros", event.costMicros());
            json.writeStringField("currency", event.currency());
            if (event.userId() != null) {
                json.writeStringField("user_id", event.userId());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }
}
