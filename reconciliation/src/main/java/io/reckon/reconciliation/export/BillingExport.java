package io.reckon.reconciliation.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reckon.reconciliation.io.FinalRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finance's billing export of one FINAL day: the exact daily rows of {@code ad_billing_daily} as a CSV, named by the
 * day's FINAL version, with a JSON manifest (version, lineage, totals, row count, SHA-256 of the CSV).
 *
 * <p>Only final numbers leave: the day must have a FINAL record, every billing row must come from the batch run(s)
 * that FINAL names (a later, not yet reconciled batch run makes the export refuse), and the rows' totals must equal
 * the totals recorded when the day became FINAL. Files are written to a temporary name and moved into place, the
 * manifest last, so a CSV without its manifest is never a finished export. A version is written once: exporting it
 * again with the same content says so and changes nothing; different content under an existing version is refused.
 */
public final class BillingExport {
    public static final String HEADER = "dt,advertiser_id,campaign_id,currency,impressions,clicks,spend_micros";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** What an export produced. {@code written} is false when the same version was already exported. */
    public record Result(Path csv, Path manifest, long rows, String sha256, boolean written) {
    }

    private BillingExport() {
    }

    /** The file name stem of a day's export at a FINAL version. */
    public static String stem(FinalRecord fin) {
        return "billing_" + fin.day() + "_v" + fin.finalVersion();
    }

    /**
     * Checks that {@code rows} are the final numbers of {@code fin}; throws {@link IllegalStateException} with a
     * one-line reason when they are not.
     */
    public static void requireFinal(FinalRecord fin, List<BillingRow> rows) {
        Set<String> finalRuns = new TreeSet<>(Arrays.asList(fin.batchRunId().split(",")));
        Set<String> seen = new TreeSet<>();
        long impressions = 0;
        long clicks = 0;
        SortedMap<String, Long> spend = new TreeMap<>();
        for (BillingRow r : rows) {
            if (!finalRuns.contains(r.batchRunId())) {
                throw new IllegalStateException("ad_billing_daily for " + fin.day() + " holds rows of batch run "
                        + r.batchRunId() + ", not of the FINAL version " + fin.finalVersion() + " (batch run(s) "
                        + fin.batchRunId() + "): reconcile the day again before exporting");
            }
            if (!seen.add(r.advertiserId() + "\u001f" + r.campaignId() + "\u001f" + r.currency())) {
                throw new IllegalStateException("ad_billing_daily for " + fin.day() + " has two rows for "
                        + r.advertiserId() + "/" + r.campaignId() + "/" + r.currency());
            }
            impressions = Math.addExact(impressions, r.impressions());
            clicks = Math.addExact(clicks, r.clicks());
            spend.merge(r.currency(), r.spendMicros(), Math::addExact);
        }
        if (impressions != fin.totalImpressions() || clicks != fin.totalClicks()
                || !spend.equals(new TreeMap<>(fin.spendMicrosByCurrency()))) {
            throw new IllegalStateException("ad_billing_daily for " + fin.day() + " totals " + impressions
                    + " impressions, " + clicks + " clicks, spend " + spend + " but the FINAL version "
                    + fin.finalVersion() + " recorded " + fin.totalImpressions() + ", " + fin.totalClicks() + ", "
                    + fin.spendMicrosByCurrency() + ": refusing to export numbers that are not the final ones");
        }
    }

    /** The CSV text: header, then rows sorted by advertiser, campaign, currency. */
    public static String csv(String day, List<BillingRow> rows) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        rows.stream().sorted(Comparator.comparing(BillingRow::advertiserId).thenComparing(BillingRow::campaignId)
                        .thenComparing(BillingRow::currency))
                .forEach(r -> b.append(day).append(',').append(field(r.advertiserId())).append(',')
                        .append(field(r.campaignId())).append(',').append(field(r.currency())).append(',')
                        .append(r.impressions()).append(',').append(r.clicks()).append(',').append(r.spendMicros())
                        .append('\n'));
        return b.toString();
    }

    /** Writes (or confirms) the export of a FINAL day under {@code dir/<day>/}. */
    public static Result write(Path dir, FinalRecord fin, List<BillingRow> rows, long exportedAt) {
        requireFinal(fin, rows);
        byte[] csv = csv(fin.day(), rows).getBytes(StandardCharsets.UTF_8);
        String sha = sha256(csv);
        Path dayDir = dir.resolve(fin.day());
        Path csvFile = dayDir.resolve(stem(fin) + ".csv");
        Path manifestFile = dayDir.resolve(stem(fin) + ".json");
        try {
            if (Files.isRegularFile(manifestFile)) {
                String recorded = JSON.readTree(manifestFile.toFile()).path("sha256").asText();
                byte[] existing = Files.isRegularFile(csvFile) ? Files.readAllBytes(csvFile) : new byte[0];
                if (recorded.equals(sha) && sha256(existing).equals(sha)) {
                    return new Result(csvFile, manifestFile, rows.size(), sha, false);
                }
                throw new IllegalStateException(manifestFile + " already exports version " + fin.finalVersion()
                        + " of " + fin.day() + " with different content (sha256 " + recorded + ", now " + sha
                        + "); an exported version is never rewritten");
            }
            Files.createDirectories(dayDir);
            move(write(dayDir, csv), csvFile, true);
            // The manifest is published without replacing: of two exports of one version racing here, one wins and
            // the other fails instead of silently overwriting it.
            move(write(dayDir, JSON.writeValueAsBytes(manifest(fin, rows.size(), sha, csvFile, exportedAt))),
                    manifestFile, false);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IllegalStateException(manifestFile + " appeared while exporting (another export of version "
                    + fin.finalVersion() + " of " + fin.day() + " ran at the same time); run the export again to check it");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the billing export of " + fin.day() + " to " + dayDir, e);
        }
        return new Result(csvFile, manifestFile, rows.size(), sha, true);
    }

    static ObjectNode manifest(FinalRecord fin, long rows, String sha, Path csvFile, long exportedAt) {
        ObjectNode m = JSON.createObjectNode();
        m.put("dt", fin.day());
        m.put("final_version", fin.finalVersion());
        if (fin.previousFinalVersion() != null) {
            m.put("previous_final_version", fin.previousFinalVersion());
        }
        m.put("reconciliation_run_id", fin.reconciliationRunId());
        m.put("batch_run_id", fin.batchRunId());
        m.set("max_offset_by_partition", JSON.valueToTree(fin.maxOffsetByPartition()));
        m.put("finalized_at", fin.finalizedAt());
        // true: finance is exporting numbers of a batch forced over incomplete hours (reconcile --accept-forced)
        m.put("forced", fin.forced());
        m.put("file", csvFile.getFileName().toString());
        m.put("rows", rows);
        m.put("sha256", sha);
        m.put("total_impressions", fin.totalImpressions());
        m.put("total_clicks", fin.totalClicks());
        m.set("spend_micros_by_currency", JSON.valueToTree(fin.spendMicrosByCurrency()));
        m.put("exported_at", exportedAt);
        return m;
    }

    /**
     * Writes a temporary file next to the target, readable by all (finance's readers are other users; a temporary
     * file is created 0600), and forces it to disk before it is moved into place: after a crash a published name
     * never points at a file that is still empty.
     */
    private static Path write(Path dir, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(dir, ".export-", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: its default permissions apply
        }
        return tmp;
    }

    /**
     * Publishes a written file under its name. Replacing: an atomic rename. Not replacing: a hard link, which the
     * file system refuses if the name exists (a rename would silently replace it on POSIX), so of two racing
     * publishers exactly one wins.
     */
    private static void move(Path tmp, Path target, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.createLink(target, tmp);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Identifiers are plain in the contract; a comma or quote would break a consumer's CSV, so refuse it. */
    private static String field(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            throw new IllegalStateException("identifier not exportable as plain CSV: " + s);
        }
        return s;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
