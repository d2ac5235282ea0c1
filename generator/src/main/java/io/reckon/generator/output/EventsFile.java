package io.reckon.generator.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.reckon.generator.traffic.Intent;
import io.reckon.generator.traffic.OutgoingRecord;
import io.reckon.schemas.validation.ReasonCode;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * {@code events.jsonl}: every record of a run, one JSON object per line, in send order:
 * <pre>{"seq":0,"partition":2,"partition_seq":0,"timestamp":1764115200000,"key":"...","value":"{...}","intent":"FRESH"}</pre>
 * Key and value are JSON strings when the bytes are well-formed UTF-8 (they round-trip exactly), otherwise
 * {@code key_b64}/{@code value_b64} in standard Base64; null stays null. Invalid records add {@code "reason"}, the
 * code they were made to have. Re-sending the lines in order to {@code ad-events} reproduces the run.
 */
public final class EventsFile implements RecordSink {
    public static final String NAME = "events.jsonl";
    private static final JsonFactory JSON = new JsonFactory();

    private final OutputStream stream;
    private final JsonGenerator json;

    public EventsFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.json = JSON.createGenerator(stream, JsonEncoding.UTF8);
        json.setRootValueSeparator(null);
    }

    @Override
    public void write(OutgoingRecord record, int partition, boolean explicitPartition, long partitionSeq)
            throws IOException {
        json.writeStartObject();
        json.writeNumberField("seq", record.seq());
        json.writeNumberField("partition", partition);
        json.writeNumberField("partition_seq", partitionSeq);
        json.writeNumberField("timestamp", record.timestamp());
        writeBytes("key", record.key());
        writeBytes("value", record.value());
        json.writeStringField("intent", record.intent().name());
        if (record.intendedReason() != null) {
            json.writeStringField("reason", record.intendedReason().name());
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void writeBytes(String name, byte[] bytes) throws IOException {
        if (bytes == null) {
            json.writeNullField(name);
            return;
        }
        String text = utf8OrNull(bytes);
        if (text != null) {
            json.writeStringField(name, text);
        } else {
            json.writeStringField(name + "_b64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    @Override
    public void close() throws IOException {
        json.close();
        stream.close();
    }

    /** Reads a file written by this class, line by line, in send order. */
    public static void read(Path file, Consumer<SentRecord> consumer) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty()) {
                    consumer.accept(parse(line));
                }
            }
        }
    }

    static SentRecord parse(String line) throws IOException {
        long seq = -1;
        int partition = -1;
        long partitionSeq = -1;
        long timestamp = -1;
        byte[] key = null;
        byte[] value = null;
        Intent intent = null;
        ReasonCode reason = null;
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object: " + line);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                String text = token == JsonToken.VALUE_NULL ? null : parser.getText();
                switch (name) {
                    case "seq" -> seq = parser.getLongValue();
                    case "partition" -> partition = parser.getIntValue();
                    case "partition_seq" -> partitionSeq = parser.getLongValue();
                    case "timestamp" -> timestamp = parser.getLongValue();
                    case "key" -> key = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
                    case "key_b64" -> key = Base64.getDecoder().decode(text);
                    case "value" -> value = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
                    case "value_b64" -> value = Base64.getDecoder().decode(text);
                    case "intent" -> intent = Intent.valueOf(text);
                    case "reason" -> reason = ReasonCode.valueOf(text);
                    default -> parser.skipChildren();
                }
            }
        }
        return new SentRecord(seq, partition, partitionSeq, timestamp, key, value, intent, reason);
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** For callers that cannot throw. */
    public static void readUnchecked(Path file, Consumer<SentRecord> consumer) {
        try {
            read(file, consumer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
