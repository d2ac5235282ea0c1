package io.reckon.schemas.aggregate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The value layout of {@code ad-stats-minute}: one flat JSON object whose member names are the Pinot column names,
 * read by Pinot's JSONMessageDecoder. Every number is a JSON integer (Pinot keeps LONG columns exact; a version
 * above 2^53 must not pass through a double).
 *
 * <pre>{"advertiser_id":"adv-1","campaign_id":"cmp-1","ad_id":"ad-1","currency":"USD","window_start":1764115200000,
 *  "impressions":3,"clicks":1,"spend_micros":1500000,"version":1764115260123,"source":"speed","updated_at":1764115260123}</pre>
 */
public final class AggregateRowJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private AggregateRowJson() {
    }

    public static byte[] encode(AggregateRow row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            GrainKey key = row.key();
            json.writeStartObject();
            json.writeStringField("advertiser_id", key.advertiserId());
            json.writeStringField("campaign_id", key.campaignId());
            json.writeStringField("ad_id", key.adId());
            json.writeStringField("currency", key.currency());
            json.writeNumberField("window_start", key.windowStart());
            json.writeNumberField("impressions", row.impressions());
            json.writeNumberField("clicks", row.clicks());
            json.writeNumberField("spend_micros", row.spendMicros());
            json.writeNumberField("version", row.version());
            json.writeStringField("source", row.source().wireName());
            json.writeNumberField("updated_at", row.updatedAt());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Reads a value written by {@link #encode}; all eleven members are required, unknown members are ignored. */
    public static AggregateRow decode(byte[] value) {
        Map<String, Object> members = new HashMap<>();
        try (JsonParser json = FACTORY.createParser(value)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("aggregate row is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken token = json.nextToken();
                if (token == JsonToken.VALUE_STRING) {
                    members.put(name, json.getText());
                } else if (token == JsonToken.VALUE_NUMBER_INT
                        && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    members.put(name, json.getLongValue());
                } else {
                    json.skipChildren();
                    members.put(name, token);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("aggregate row is not well-formed JSON: " + e.getMessage(), e);
        }
        GrainKey key = new GrainKey(string(members, "advertiser_id"), string(members, "campaign_id"),
                string(members, "ad_id"), string(members, "currency"), integer(members, "window_start"));
        return new AggregateRow(key, integer(members, "impressions"), integer(members, "clicks"),
                integer(members, "spend_micros"), integer(members, "version"),
                Source.fromWireName(string(members, "source")), integer(members, "updated_at"));
    }

    private static String string(Map<String, Object> members, String name) {
        if (members.get(name) instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("aggregate row member " + name + " must be a string");
    }

    private static long integer(Map<String, Object> members, String name) {
        if (members.get(name) instanceof Long number) {
            return number;
        }
        throw new IllegalArgumentException("aggregate row member " + name + " must be a 64-bit integer");
    }
}
