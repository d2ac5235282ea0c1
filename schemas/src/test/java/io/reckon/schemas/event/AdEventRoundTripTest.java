package io.reckon.schemas.event;

import io.reckon.schemas.avro.AdEventRecord;
import io.reckon.schemas.validation.ContractViolation;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.ReasonCode;
import io.reckon.schemas.validation.Verdict;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdEventRoundTripTest {
    private static final long TS = 1_764_115_200_000L;

    static List<AdEvent> events() {
        List<AdEvent> events = new ArrayList<>();
        events.add(new AdEvent("e-1", EventType.IMPRESSION, TS, "adv-1", "cmp-1", "ad-1", 2_500, "USD", "u-1"));
        events.add(new AdEvent("e-2", EventType.CLICK, TS - 1, "adv-1", "cmp-1", "ad-1", 1_000_000_000, "JPY", null));
        events.add(new AdEvent("\"quoted\\slash\"", EventType.CLICK, TS, "caf\u00E9 \u65E5\u672C", "\uD83D\uDE00",
                "a".repeat(64), 0, "EUR", "tab\there \u0000 nul"));
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            events.add(new AdEvent("e-" + Long.toHexString(random.nextLong()),
                    random.nextBoolean() ? EventType.CLICK : EventType.IMPRESSION,
                    TS - random.nextInt(7 * 24 * 3600 * 1000), "adv-" + random.nextInt(100),
                    "cmp-" + random.nextInt(1000), "ad-" + random.nextInt(10_000),
                    random.nextInt(1_000_000_001), "GBP", random.nextBoolean() ? null : "u-" + random.nextInt()));
        }
        return events;
    }

    @ParameterizedTest
    @MethodSource("events")
    void jsonRoundTripThroughTheValidator(AdEvent event) {
        byte[] value = AdEventJson.encode(event);

        Verdict verdict = IngressValidator.validate(event.eventId().getBytes(StandardCharsets.UTF_8), value, TS);

        assertThat(verdict).isEqualTo(new Verdict.Valid(event));
    }

    @ParameterizedTest
    @MethodSource("events")
    void avroBinaryRoundTrip(AdEvent event) throws IOException {
        AdEventRecord record = AdEventAvro.toAvro(event);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(AdEventRecord.class).write(record, encoder);
        encoder.flush();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);

        AdEventRecord read = new SpecificDatumReader<>(AdEventRecord.class).read(null, decoder);

        assertThat(AdEventAvro.fromAvro(read)).isEqualTo(event);
    }

    @Test
    void jsonLayoutIsCompactAndOrdered() {
        AdEvent event = new AdEvent("e-1", EventType.CLICK, TS, "adv-1", "cmp-1", "ad-1", 150_000, "USD", null);

        assertThat(new String(AdEventJson.encode(event), StandardCharsets.UTF_8)).isEqualTo(
                "{\"event_id\":\"e-1\",\"event_type\":\"click\",\"event_time\":1764115200000,\"advertiser_id\":\"adv-1\","
                        + "\"campaign_id\":\"cmp-1\",\"ad_id\":\"ad-1\",\"cost_micros\":150000,\"currency\":\"USD\"}");
    }

    @Test
    void constructorAppliesTheFieldRules() {
        assertThatThrownBy(() -> new AdEvent("e", EventType.CLICK, TS, "adv", "cmp", "ad", -1, "USD", null))
                .isInstanceOfSatisfying(ContractViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(ReasonCode.OUT_OF_RANGE));
        assertThatThrownBy(() -> new AdEvent("e", EventType.CLICK, TS, "", "cmp", "ad", 1, "USD", null))
                .isInstanceOfSatisfying(ContractViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(ReasonCode.EMPTY_STRING));
        assertThatThrownBy(() -> new AdEvent("e", EventType.CLICK, TS, "a", "c", "ad", 1, "usd", null))
                .isInstanceOfSatisfying(ContractViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(ReasonCode.BAD_CURRENCY));
    }
}
