package io.reckon.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The generator's billing truth of a day, as the billing export's CSV lines (sorted, without the header). */
final class BillingTruth {
    private BillingTruth() {
    }

    /**
     * Summed over generator runs ({@code billing_daily.csv} files): runs use distinct seeds, and a run's conflicting
     * or very late events can land on the day before its own, so each file is restricted to {@code day}.
     */
    static List<String> lines(LocalDate day, List<Path> billingCsvs) {
        Map<String, long[]> sums = new TreeMap<>();
        for (Path csv : billingCsvs) {
            try {
                Files.readAllLines(csv).stream().skip(1).filter(l -> l.startsWith(day + ",")).forEach(l -> {
                    String[] f = l.split(",");
                    long[] v = sums.computeIfAbsent(String.join(",", f[0], f[1], f[2], f[3]), k -> new long[3]);
                    for (int i = 0; i < 3; i++) {
                        v[i] = Math.addExact(v[i], Long.parseLong(f[4 + i]));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the billing truth " + csv, e);
            }
        }
        List<String> lines = new ArrayList<>();
        sums.forEach((k, v) -> lines.add(k + "," + v[0] + "," + v[1] + "," + v[2]));
        return lines;
    }
}
