package io.reckon.schemas.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * One line of a touched-after-complete file ({@link ArchiveLayout#touchedFile}): {@code records} records of hour
 * {@code hr} of day {@code dt} were archived after that hour had been marked complete, in checkpoint
 * {@code checkpoint_id}, detected at {@code detected_at} (epoch ms). The speed layer writes it; reconciliation reads it
 * to find the FINAL days such records reopen (docs/contract.md §6.3). One JSON object per line:
 * {@code {"dt":"2025-11-25","hr":"7","records":3,"checkpoint_id":12,"detected_at":1764054000000}}.
 */
public record TouchRecord(LocalDate dt, String hr, long records, long checkpointId, long detectedAt) {
    private static final JsonFactory JSON = new JsonFactory();

    /** The line, without its line feed; fields in a fixed order. */
    public String toJson() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("dt", dt.toString());
            g.writeStringField("hr", hr);
            g.writeNumberField("records", records);
            g.writeNumberField("checkpoint_id", checkpointId);
            g.writeNumberField("detected_at", detectedAt);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Parses a line. {@code dt} and {@code detected_at} are required; {@code hr}, {@code records} and
     * {@code checkpoint_id} default to "" and 0 (lines of older writers may lack them); unknown fields are ignored.
     *
     * @throws IllegalArgumentException a line that is not such an object, naming what is wrong
     */
    public static TouchRecord parse(String line) {
        String dt = null;
        String hr = "";
        long records = 0;
        long checkpointId = 0;
        Long detectedAt = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "dt" -> dt = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "hr" -> hr = value.isScalarValue() ? p.getText() : "";
                    case "records" -> records = integer(p, value, field);
                    case "checkpoint_id" -> checkpointId = integer(p, value, field);
                    case "detected_at" -> detectedAt = integer(p, value, field);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (dt == null || detectedAt == null) {
            throw new IllegalArgumentException("without dt (a string) or detected_at (an integer)");
        }
        try {
            return new TouchRecord(LocalDate.parse(dt), hr, records, checkpointId, detectedAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dt is not a day YYYY-MM-DD: " + dt, e);
        }
    }

    private static long integer(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException(field + " is not an integer");
        }
        return p.getLongValue();
    }
}
