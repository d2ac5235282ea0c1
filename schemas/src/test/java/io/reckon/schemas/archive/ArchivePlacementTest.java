package io.reckon.schemas.archive;

import io.reckon.schemas.avro.RawAdEventRecord;
import io.reckon.schemas.time.UtcTime;
import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ArchivePlacementTest {
    private static final long TS = 1_764_115_200_000L; // 2025-11-26T00:00:00Z

    private static byte[] event(long eventTime, String currency) {
        return ("{\"event_id\":\"e-1\",\"event_type\":\"click\",\"event_time\":" + eventTime + ",\"advertiser_id\":\"a\","
                + "\"campaign_id\":\"c\",\"ad_id\":\"d\",\"cost_micros\":1,\"currency\":\"" + currency + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ArchivePlacement place(byte[] value, long ts) {
        Verdict verdict = IngressValidator.validate("e-1".getBytes(StandardCharsets.UTF_8), value, ts);
        return ArchivePlacement.of(verdict, ts);
    }

    @Test
    void validRecordGoesByEventTimeWithAnUnpaddedHour() {
        long eventTime = TS - 1; // 2025-11-25T23:59:59.999Z

        assertThat(place(event(eventTime, "USD"), TS))
                .isEqualTo(new ArchivePlacement("2025-11-25", "23", eventTime, false));
        assertThat(place(event(TS + 3_600_000L * 5 - 1, "USD"), TS + 3_600_000L * 5 - 1).hr()).isEqualTo("4");
    }

    @Test
    void invalidRecordWithAUsableEventTimeGoesByEventTime() {
        assertThat(place(event(TS - 1, "usd"), TS)).isEqualTo(new ArchivePlacement("2025-11-25", "23", TS - 1, false));
    }

    @Test
    void unusableEventTimeGoesByRecordTimestampAndIsFlagged() {
        long tooOld = TS - 8L * 86_400_000L;

        assertThat(place(event(tooOld, "USD"), TS)).isEqualTo(new ArchivePlacement("2025-11-26", "0", tooOld, true));
        assertThat(place("garbage".getBytes(StandardCharsets.UTF_8), TS + 7_200_000L))
                .isEqualTo(new ArchivePlacement("2025-11-26", "2", null, true));
    }

    @Test
    void rawRowCarriesEveryColumn() {
        byte[] value = event(TS - 1, "USD");
        ArchivePlacement placement = place(value, TS);

        RawAdEventRecord row = RawArchiveRows.row("e-1".getBytes(StandardCharsets.UTF_8), value, 2, 77L, TS,
                placement, TS + 5);

        assertThat(row.getKafkaPartition()).isEqualTo(2);
        assertThat(row.getKafkaOffset()).isEqualTo(77L);
        assertThat(row.getEventTime()).isEqualTo(TS - 1);
        assertThat(row.getPlacedByRecordTime()).isFalse();
        assertThat(row.getRecordValue().array()).isEqualTo(value);
    }

    @Test
    void utcBuckets() {
        assertThat(UtcTime.dt(0)).isEqualTo("1970-01-01");
        assertThat(UtcTime.hr(0)).isEqualTo("0");
        assertThat(UtcTime.dt(-1)).isEqualTo("1969-12-31");
        assertThat(UtcTime.hr(-1)).isEqualTo("23");
        assertThat(UtcTime.minuteFloor(-1)).isEqualTo(-60_000L);
        assertThat(UtcTime.minuteFloor(TS + 59_999)).isEqualTo(TS);
    }
}
