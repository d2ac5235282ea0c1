package io.reckon.demo;

import io.reckon.schemas.aggregate.GrainKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTruthTest {
    private static final String HEADER = "advertiser_id,campaign_id,ad_id,currency,window_start,impressions,clicks,spend_micros\n";
    private static final long DAY = 1_764_028_800_000L; // 2025-11-25T00:00Z

    @TempDir
    Path dir;

    @Test
    void sumsTheDaysRowsOfEveryRunAndIgnoresOtherDays() throws IOException {
        Path main = Files.writeString(dir.resolve("main.csv"), HEADER
                + "a,c,x,USD," + (DAY - 60_000) + ",5,0,5\n"            // the day before
                + "a,c,x,USD," + DAY + ",2,1,300\n"
                + "a,c,x,EUR," + (DAY + 86_340_000) + ",1,0,7\n");      // 23:59, the day's last minute
        Path nextDay = Files.writeString(dir.resolve("next.csv"), HEADER
                + "a,c,x,EUR," + (DAY + 86_340_000) + ",1,0,3\n"        // a next-day record with an event time before midnight
                + "a,c,x,EUR," + (DAY + 86_400_000) + ",9,9,9\n");      // the next day itself

        DayNumbers truth = DayNumbers.truth(LocalDate.parse("2025-11-25"), main, nextDay);

        GrainKey usd = new GrainKey("a", "c", "x", "USD", DAY);
        GrainKey eur = new GrainKey("a", "c", "x", "EUR", DAY + 86_340_000);
        assertThat(truth.rows()).containsOnlyKeys(usd, eur);
        assertThat(truth.rows().get(eur)).containsExactly(2, 0, 10);
        assertThat(truth.byCurrency().get("USD")).containsExactly(2, 1, 300);
    }

    private static GrainKey key(int minute) {
        return new GrainKey("a", "c", "x", "USD", DAY + minute * 60_000L);
    }

    @Test
    void allZeroRowsCountAsAbsentWhenComparing() {
        DayNumbers pinot = new DayNumbers();
        pinot.put(key(1), 1, 0, 10);
        pinot.put(key(2), 0, 0, 0);   // a retraction by reconciliation
        DayNumbers truth = new DayNumbers();
        truth.put(key(1), 1, 0, 10);
        assertThat(pinot.differingKeys(truth)).isZero();
        truth.put(key(3), 1, 0, 1);
        assertThat(pinot.differingKeys(truth)).isEqualTo(1);
    }
}
