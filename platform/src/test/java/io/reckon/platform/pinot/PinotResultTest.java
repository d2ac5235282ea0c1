package io.reckon.platform.pinot;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Answers of a real Pinot 0.11 broker (captured from the local stack's broker; partial.json and group-limit.json are
 * real answers with one field changed, since one broker with one server cannot be made to give them on demand).
 */
class PinotResultTest {
    private static PinotResult parse(String fixture) {
        return PinotResult.parse("SELECT ...", 200, fixture(fixture));
    }

    private static byte[] fixture(String name) {
        try (InputStream in = PinotResultTest.class.getResourceAsStream("/pinot/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rowsAreReadWithTheirColumnsAndExactIntegers() {
        PinotResult r = parse("rows.json");
        assertThat(r.columns()).containsExactly("advertiser_id", "campaign_id", "ad_id", "currency", "window_start",
                "impressions", "clicks", "spend_micros", "version");
        assertThat(r.rowCount()).isEqualTo(2);
        assertThat(r.string(0, 0)).isEqualTo("adv-0009");
        assertThat(r.string(0, 3)).isEqualTo("GBP");
        assertThat(r.exactLong(0, 4)).isEqualTo(1795651200000L);
        assertThat(r.exactLong(0, 7)).isEqualTo(14191L);
        assertThat(r.exactLong(0, 8)).isEqualTo(1796199111706L);
    }

    @Test
    void integersAbove2To53StayExact() {
        // 2^53 + 1 and Long.MAX_VALUE: a double would round both.
        String body = "{\"resultTable\":{\"dataSchema\":{\"columnNames\":[\"a\",\"b\"],\"columnDataTypes\":[\"LONG\","
                + "\"LONG\"]},\"rows\":[[9007199254740993,9223372036854775807]]},\"exceptions\":[],"
                + "\"numServersQueried\":1,\"numServersResponded\":1}";
        PinotResult r = PinotResult.parse("q", 200, body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.exactLong(0, 0)).isEqualTo(9_007_199_254_740_993L);
        assertThat(r.exactLong(0, 1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aSumOverLongIsADoubleAndIsRefusedNotRounded() {
        PinotResult r = parse("sum.json");
        assertThat(r.columns()).containsExactly("currency", "sum(spend_micros)", "count(*)");
        assertThat(r.exactLong(0, 2)).isEqualTo(741L);
        assertThatThrownBy(() -> r.exactLong(0, 1)).isInstanceOf(PinotQueryException.class)
                .hasMessageContaining("sum(spend_micros) (DOUBLE)").hasMessageContaining("not an exact long");
    }

    @Test
    void aDoubleHoldingAnIntegerBelow2To53IsExactAndAnythingElseIsRefused() {
        // Pinot's MAX() over a LONG column is a DOUBLE: exact for epoch milliseconds, refused where it may have rounded.
        PinotResult r = parse("sum.json");
        assertThat(r.smallIntegralDouble(0, 1)).isEqualTo(16_969_937L);
        assertThat(r.smallIntegralDouble(0, 2)).as("an integer is taken as it is").isEqualTo(741L);
        String body = "{\"resultTable\":{\"dataSchema\":{\"columnNames\":[\"m\",\"f\",\"big\"],\"columnDataTypes\":"
                + "[\"DOUBLE\",\"DOUBLE\",\"DOUBLE\"]},\"rows\":[[1.796211708010E12,1.5,9.007199254740992E15]]},"
                + "\"exceptions\":[],\"numServersQueried\":1,\"numServersResponded\":1}";
        PinotResult m = PinotResult.parse("q", 200, body.getBytes(StandardCharsets.UTF_8));
        assertThat(m.smallIntegralDouble(0, 0)).isEqualTo(1_796_211_708_010L);
        assertThatThrownBy(() -> m.smallIntegralDouble(0, 1)).isInstanceOf(PinotQueryException.class)
                .hasMessageContaining("not an integer below 2^53");
        assertThatThrownBy(() -> m.smallIntegralDouble(0, 2)).as("2^53 itself may be a rounded 2^53 + 1")
                .isInstanceOf(PinotQueryException.class);
    }

    @Test
    void anEmptyResultHasItsColumnsAndNoRows() {
        PinotResult r = parse("empty.json");
        assertThat(r.columns()).containsExactly("advertiser_id");
        assertThat(r.rowCount()).isZero();
    }

    @Test
    void aCountIsOneExactNumber() {
        assertThat(parse("count.json").exactLong(0, 0)).isEqualTo(4192L);
    }

    @Test
    void anUnknownTableIsAnErrorNamingPinotsReason() {
        assertThatThrownBy(() -> parse("nosuch.json")).isInstanceOf(PinotQueryException.class)
                .hasMessage("Pinot query failed: TableDoesNotExistError (error code 190): SELECT ...");
    }

    @Test
    void aBadQueryIsOneLineWithoutPinotsStackTrace() {
        assertThatThrownBy(() -> parse("bad.json")).isInstanceOf(PinotQueryException.class)
                .hasMessage("Pinot query failed: SQLParsingError: (error code 150): SELECT ...");
    }

    @Test
    void fewerServersAnsweringThanQueriedIsPartialAndRefused() {
        assertThatThrownBy(() -> parse("partial.json")).isInstanceOf(PinotQueryException.class)
                .hasMessageContaining("only 0 of 1 Pinot servers answered");
    }

    @Test
    void aGroupByThatReachedItsGroupLimitIsRefused() {
        assertThatThrownBy(() -> parse("group-limit.json")).isInstanceOf(PinotQueryException.class)
                .hasMessageContaining("group limit")
                .satisfies(e -> assertThat(((PinotQueryException) e).isGroupLimit()).as("asked with fewer groups, it may work").isTrue());
        assertThatThrownBy(() -> parse("partial.json")).satisfies(e -> assertThat(((PinotQueryException) e).isGroupLimit()).isFalse());
    }

    @Test
    void anHttpErrorIsRefusedWithItsStatusAndFirstLine() {
        byte[] body = "<html>\nService Unavailable\n</html>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PinotResult.parse("q", 503, body)).isInstanceOf(PinotQueryException.class)
                .hasMessage("Pinot broker answered HTTP 503 (<html>) to: q");
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        String body = "{\"resultTable\":{\"dataSchema\":{\"columnNames\":[\"a\",\"b\"],\"columnDataTypes\":[\"LONG\","
                + "\"LONG\"]},\"rows\":[[1]]},\"exceptions\":[]}";
        assertThatThrownBy(() -> PinotResult.parse("q", 200, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PinotQueryException.class).hasMessageContaining("a row of 1 values for 2 columns");
    }
}
