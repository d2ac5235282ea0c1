package io.reckon.generator.output;

import io.reckon.generator.traffic.Intent;
import io.reckon.generator.traffic.OutgoingRecord;
import io.reckon.schemas.validation.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventsFileTest {

    @Test
    void everyKindOfBytesRoundTripsExactly(@TempDir Path tmp) throws IOException {
        byte[][] values = {
                null,
                new byte[0],
                "{\"a\":\"caf\u00e9 \\u0000\"}".getBytes(StandardCharsets.UTF_8),
                {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},          // BOM: valid UTF-8, kept as text
                {'{', (byte) 0xFF, '}'},                                    // not UTF-8: Base64
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},                    // encoded surrogate: Base64
                "line\nbreak\ttab\u2028".getBytes(StandardCharsets.UTF_8),
        };
        Path file = tmp.resolve(EventsFile.NAME);
        try (EventsFile sink = new EventsFile(file)) {
            for (int i = 0; i < values.length; i++) {
                byte[] key = i == 0 ? null : ("k" + i).getBytes(StandardCharsets.UTF_8);
                sink.write(new OutgoingRecord(i, key, values[i], 1000L + i, Intent.INVALID, ReasonCode.NOT_UTF8),
                        i % 4, key == null, i);
            }
        }
        List<SentRecord> read = new ArrayList<>();

        EventsFile.read(file, read::add);

        assertThat(Files.readAllLines(file)).hasSize(values.length);
        assertThat(read).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            SentRecord record = read.get(i);
            assertThat(record.value()).as("value %d", i).isEqualTo(values[i]);
            assertThat(record.seq()).isEqualTo(i);
            assertThat(record.partition()).isEqualTo(i % 4);
            assertThat(record.partitionSeq()).isEqualTo(i);
            assertThat(record.timestamp()).isEqualTo(1000L + i);
            assertThat(record.intent()).isEqualTo(Intent.INVALID);
            assertThat(record.intendedReason()).isEqualTo(ReasonCode.NOT_UTF8);
        }
        assertThat(read.get(0).key()).isNull();
        assertThat(read.get(3).key()).isEqualTo("k3".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).contains("\"value_b64\"").contains("\"value\":null");
    }
}
