package io.reckon.schemas.aggregate;

import io.reckon.schemas.avro.AdStatsMinuteRecord;
import io.reckon.schemas.event.AdEvent;
import io.reckon.schemas.event.EventType;
import io.reckon.schemas.version.Versions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateRowTest {
    private static final long WINDOW = 1_764_115_200_000L; // 2025-11-26T00:00Z
    private static final GrainKey KEY = new GrainKey("adv-1", "cmp-1", "ad-1", "USD", WINDOW);

    @Test
    void jsonLayoutIsWhatPinotIngests() {
        AggregateRow row = new AggregateRow(KEY, 3, 1, 1_500_000, 1_764_115_260_123L, Source.SPEED,
                1_764_115_260_123L);

        assertThat(new String(AggregateRowJson.encode(row), StandardCharsets.UTF_8)).isEqualTo(
                "{\"advertiser_id\":\"adv-1\",\"campaign_id\":\"cmp-1\",\"ad_id\":\"ad-1\",\"currency\":\"USD\","
                        + "\"window_start\":1764115200000,\"impressions\":3,\"clicks\":1,\"spend_micros\":1500000,"
                        + "\"version\":1764115260123,\"source\":\"speed\",\"updated_at\":1764115260123}");
    }

    @Test
    void batchVersionSurvivesJsonExactly() {
        long version = Versions.batch(123_456_789L); // far above 2^53: a double would round it
        AggregateRow row = new AggregateRow(KEY, 0, 0, 0, version, Source.BATCH, 1L);

        AggregateRow read = AggregateRowJson.decode(AggregateRowJson.encode(row));

        assertThat(read).isEqualTo(row);
        assertThat(read.version()).isEqualTo(4_611_686_018_550_844_693L);
        assertThat(read.isZero()).isTrue();
    }

    @Test
    void avroRoundTrip() {
        AggregateRow row = new AggregateRow(KEY, 10, 2, 99, Versions.batch(1), Source.BATCH, 5L);

        AdStatsMinuteRecord record = AggregateRowAvro.toAvro(row);

        assertThat(AggregateRowAvro.fromAvro(record)).isEqualTo(row);
    }

    @Test
    void versionMustMatchSource() {
        assertThatThrownBy(() -> new AggregateRow(KEY, 1, 0, 1, Versions.batch(1), Source.SPEED, 0))
                .hasMessageContaining("not in the range");
        assertThatThrownBy(() -> new AggregateRow(KEY, 1, 0, 1, 1_000L, Source.BATCH, 0))
                .hasMessageContaining("not in the range");
    }

    @Test
    void countsMustNotBeNegative() {
        assertThatThrownBy(() -> new AggregateRow(KEY, -1, 0, 0, 1L, Source.SPEED, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodeRejectsMissingMembersAndFractions() {
        assertThatThrownBy(() -> AggregateRowJson.decode("{\"advertiser_id\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        String withFraction = new String(AggregateRowJson.encode(
                new AggregateRow(KEY, 1, 0, 1, 1L, Source.SPEED, 0)), StandardCharsets.UTF_8)
                .replace("\"spend_micros\":1", "\"spend_micros\":1.0");
        assertThatThrownBy(() -> AggregateRowJson.decode(withFraction.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("spend_micros");
    }

    @Test
    void grainOfAnEventIsItsUtcMinute() {
        AdEvent event = new AdEvent("e", EventType.CLICK, WINDOW + 59_999, "adv-1", "cmp-1", "ad-1", 7, "USD", null);

        GrainKey key = GrainKey.of(event);

        assertThat(key).isEqualTo(KEY);
        assertThat(key.billingDay()).isEqualTo(LocalDate.of(2025, 11, 26));
    }

    @Test
    void grainBeforeEpochFloorsDown() {
        AdEvent event = new AdEvent("e", EventType.CLICK, -1, "adv-1", "cmp-1", "ad-1", 7, "USD", null);

        assertThat(GrainKey.of(event).windowStart()).isEqualTo(-60_000L);
        assertThat(GrainKey.of(event).billingDay()).isEqualTo(LocalDate.of(1969, 12, 31));
    }

    @Test
    void windowStartMustBeAWholeMinute() {
        assertThatThrownBy(() -> new GrainKey("a", "c", "ad", "USD", WINDOW + 1))
                .hasMessageContaining("not a whole UTC minute");
    }
}
