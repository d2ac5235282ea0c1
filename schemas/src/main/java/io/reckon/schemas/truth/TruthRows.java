package io.reckon.schemas.truth;

import io.reckon.schemas.aggregate.GrainKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ground truth's minute rows, {@code truth/ad_stats_minute.csv}: written by the generator, read by the demo and
 * the tests that hold the pipeline to it. One header line, then one row per grain key: RFC 4180 fields, quoted only
 * when needed (so plain identifiers stay plain), money in integer micros.
 */
public final class TruthRows {
    public static final String FILE = "ad_stats_minute.csv";
    public static final String HEADER =
            "advertiser_id,campaign_id,ad_id,currency,window_start,impressions,clicks,spend_micros";
    private static final int COLUMNS = 8;

    /** One row: the grain and its exact counts. */
    public record Row(GrainKey key, long impressions, long clicks, long spendMicros) {
    }

    private TruthRows() {
    }

    /** The line of one row, without its line break. */
    public static String line(GrainKey k, long impressions, long clicks, long spendMicros) {
        return field(k.advertiserId()) + ',' + field(k.campaignId()) + ',' + field(k.adId()) + ',' + field(k.currency())
                + ',' + k.windowStart() + ',' + impressions + ',' + clicks + ',' + spendMicros;
    }

    /** Every row of a truth file, in file order; a file that is not one is an error naming the line. */
    public static void read(Path file, Consumer<Row> rows) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalArgumentException(file + " is not a ground-truth row file: its header is " + header);
            }
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                rows.accept(parse(line, file + ":" + number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ground truth " + file, e);
        }
    }

    /** One line, as {@link #line} writes it. */
    public static Row parse(String line, String where) {
        List<String> f = fields(line, where);
        if (f.size() != COLUMNS) {
            throw new IllegalArgumentException(where + ": " + f.size() + " fields, expected " + COLUMNS);
        }
        try {
            return new Row(new GrainKey(f.get(0), f.get(1), f.get(2), f.get(3), Long.parseLong(f.get(4))),
                    Long.parseLong(f.get(5)), Long.parseLong(f.get(6)), Long.parseLong(f.get(7)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": not an integer: " + e.getMessage(), e);
        }
    }

    /** RFC 4180 quoting, only when the value needs it. */
    public static String field(String value) {
        boolean needsQuotes = false;
        for (int i = 0; i < value.length() && !needsQuotes; i++) {
            char c = value.charAt(i);
            needsQuotes = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static List<String> fields(String line, String where) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException(where + ": an unterminated quoted field");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(c);
                    }
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    f.append(line.charAt(i++));
                }
            }
            out.add(f.toString());
            f.setLength(0);
            if (i >= line.length()) {
                return out;
            }
            if (line.charAt(i) != ',') {
                throw new IllegalArgumentException(where + ": text after a quoted field");
            }
            i++;
        }
    }
}
