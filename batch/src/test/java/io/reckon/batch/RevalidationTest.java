package io.reckon.batch;

import io.reckon.schemas.validation.IngressValidator;
import io.reckon.schemas.validation.Verdict;
import org.junit.jupiter.api.Test;

import static io.reckon.batch.TestEvents.D;
import static io.reckon.batch.TestEvents.bytes;
import static io.reckon.batch.TestEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

class RevalidationTest {

    @Test
    void validRecordCountsAtItsMinute() {
        String v = json("e-1", "impression", D + 61_999, "ad-1", 2500, "USD");
        Revalidation.Checked c = Revalidation.check(bytes("e-1"), bytes(v), D + 62_000, 3, 17);
        assertThat(c.valid()).isTrue();
        assertThat(c.reason()).isNull();
        assertThat(c.eventId()).isEqualTo("e-1");
        assertThat(c.windowStart()).isEqualTo(D + 60_000);
        assertThat(c.impressions()).isEqualTo(1L);
        assertThat(c.clicks()).isEqualTo(0L);
        assertThat(c.costMicros()).isEqualTo(2500L);
        assertThat(c.partition()).isEqualTo(3);
        assertThat(c.offset()).isEqualTo(17L);
        assertThat(c.key()).isEqualTo(bytes("e-1"));
    }

    @Test
    void clickCountsAsAClickAndItsCostAddsToSpend() {
        Revalidation.Checked c = Revalidation.check(bytes("c-1"),
                bytes(json("c-1", "click", D, "ad-1", 150_000, "EUR")), D, 0, 0);
        assertThat(c.clicks()).isEqualTo(1L);
        assertThat(c.impressions()).isEqualTo(0L);
        assertThat(c.costMicros()).isEqualTo(150_000L);
    }

    @Test
    void minuteIsFlooredBefore1970Too() {
        Revalidation.Checked c = Revalidation.check(bytes("old"),
                bytes(json("old", "impression", -1, "ad-1", 1, "USD")), 0L, 0, 0);
        assertThat(c.valid()).isTrue();
        assertThat(c.windowStart()).isEqualTo(-60_000L);
    }

    @Test
    void sameReasonAsTheSharedValidator() {
        byte[][] values = {
                null,
                bytes(""),
                bytes("{\"event_id\":\"e-1\","),
                bytes(json("e-1", "impression", D, "ad-1", 2500, "usd")),
                bytes(json("e-1", "Impression", D, "ad-1", 2500, "USD")),
                bytes(json("e-1", "impression", D - 8 * TestEvents.DAY, "ad-1", 2500, "USD")),
                bytes(json("e-1", "impression", D + 301_000, "ad-1", 2500, "USD")),
                new byte[] {'{', (byte) 0xFF, '}'},
        };
        for (byte[] value : values) {
            Verdict expected = IngressValidator.validate(bytes("e-1"), value, D);
            Revalidation.Checked c = Revalidation.check(bytes("e-1"), value, D, 0, 1);
            assertThat(c.valid()).isFalse();
            assertThat(c.reason()).isEqualTo(((Verdict.Invalid) expected).reason().name());
            assertThat(c.eventId()).isNull();
            assertThat(c.windowStart()).isNull();
            // What the dead letter needs: the verdict's message and the original bytes, untouched.
            assertThat(c.message()).isEqualTo(((Verdict.Invalid) expected).message());
            assertThat(c.invalidValue()).isEqualTo(value);
            assertThat(c.recordTimestamp()).isEqualTo(D);
        }
    }

    @Test
    void aValidRecordCarriesNoDeadLetterFields() {
        Revalidation.Checked c = Revalidation.check(bytes("e-1"),
                bytes(json("e-1", "impression", D, "ad-1", 2500, "USD")), D, 0, 1);
        assertThat(c.message()).isNull();
        assertThat(c.invalidValue()).as("value bytes of valid rows are not kept").isNull();
        assertThat(c.recordTimestamp()).isNull();
    }

    @Test
    void keyMismatchAndMissingTimestampAreInvalid() {
        String v = json("e-1", "impression", D, "ad-1", 2500, "USD");
        assertThat(Revalidation.check(bytes("e-2"), bytes(v), D, 0, 1).reason()).isEqualTo("KEY_MISMATCH");
        assertThat(Revalidation.check(null, bytes(v), D, 0, 1).reason()).isEqualTo("KEY_MISSING");
        assertThat(Revalidation.check(bytes("e-1"), bytes(v), null, 0, 1).reason()).isEqualTo("NO_RECORD_TIMESTAMP");
        assertThat(Revalidation.check(bytes("e-1"), bytes(v), -1L, 0, 1).reason()).isEqualTo("NO_RECORD_TIMESTAMP");
    }

    @Test
    void rowMatchesTheSchema() {
        Revalidation.Checked c = Revalidation.check(bytes("e-1"),
                bytes(json("e-1", "impression", D, "ad-1", 2500, "USD")), D, 0, 1);
        assertThat(c.toRow(7L).size()).isEqualTo(Revalidation.SCHEMA.size());
    }
}
