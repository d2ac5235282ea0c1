package io.reckon.generator.truth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.reckon.generator.traffic.Intent;
import io.reckon.generator.traffic.TrafficConfig;
import io.reckon.schemas.aggregate.GrainKey;
import io.reckon.schemas.truth.TruthRows;
import io.reckon.schemas.validation.ReasonCode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the ground truth of a run. Every file is sorted and free of wall-clock data, so the same config always
 * yields byte-identical files.
 * <ul>
 *   <li>{@value #ROWS}: advertiser_id,campaign_id,ad_id,currency,window_start,impressions,clicks,spend_micros</li>
 *   <li>{@value #BILLING}: dt,advertiser_id,campaign_id,currency,impressions,clicks,spend_micros</li>
 *   <li>{@value #SUMMARY}: the config, what was sent, the verdict counts and per-day, per-currency totals</li>
 * </ul>
 */
public final class TruthFiles {
    public static final String ROWS = TruthRows.FILE;
    public static final String BILLING = "billing_daily.csv";
    public static final String SUMMARY = "summary.json";
    public static final String ROWS_HEADER = TruthRows.HEADER;
    public static final String BILLING_HEADER =
            "dt,advertiser_id,campaign_id,currency,impressions,clicks,spend_micros";

    private TruthFiles() {
    }

    public static void write(Path dir, GroundTruth truth, TrafficConfig config, Map<Intent, Long> sentByIntent,
                             int partitions) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(ROWS), StandardCharsets.UTF_8)) {
            out.write(ROWS_HEADER);
            out.write('\n');
            for (Map.Entry<GrainKey, Totals> row : truth.rows().entrySet()) {
                GrainKey k = row.getKey();
                Totals t = row.getValue();
                out.write(TruthRows.line(k, t.impressions(), t.clicks(), t.spendMicros()) + '\n');
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(BILLING), StandardCharsets.UTF_8)) {
            out.write(BILLING_HEADER);
            out.write('\n');
            for (Map.Entry<BillingKey, Totals> line : truth.billingDaily().entrySet()) {
                BillingKey k = line.getKey();
                Totals t = line.getValue();
                out.write(k.day() + "," + TruthRows.field(k.advertiserId()) + ',' + TruthRows.field(k.campaignId()) + ','
                        + k.currency() + ',' + t.impressions() + ',' + t.clicks() + ',' + t.spendMicros() + '\n');
            }
        }
        writeSummary(dir.resolve(SUMMARY), truth, config, sentByIntent, partitions);
    }

    private static void writeSummary(Path file, GroundTruth truth, TrafficConfig config,
                                     Map<Intent, Long> sentByIntent, int partitions) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file);
             JsonGenerator json = new JsonFactory().createGenerator(stream, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("contract", "docs/contract.md");
            json.writeObjectFieldStart("config");
            json.writeNumberField("seed", config.seed());
            json.writeNumberField("records", config.records());
            json.writeStringField("start", Instant.ofEpochMilli(config.startMillis()).toString());
            json.writeStringField("end", Instant.ofEpochMilli(config.endMillis()).toString());
            json.writeNumberField("partitions", partitions);
            json.writeNumberField("advertisers", config.advertisers());
            json.writeNumberField("campaigns_per_advertiser", config.campaignsPerAdvertiser());
            json.writeNumberField("ads_per_campaign", config.adsPerCampaign());
            json.writeNumberField("zipf_exponent", config.zipfExponent());
            json.writeNumberField("users", config.users());
            json.writeStringField("currencies", String.join(",", config.currencies()));
            json.writeNumberField("click_share", config.clickShare());
            json.writeNumberField("exact_duplicate_share", config.shares().exactDuplicate());
            json.writeNumberField("late_duplicate_share", config.shares().lateDuplicate());
            json.writeNumberField("conflicting_duplicate_share", config.shares().conflictingDuplicate());
            json.writeNumberField("out_of_order_share", config.shares().outOfOrder());
            json.writeNumberField("very_late_share", config.shares().veryLate());
            json.writeNumberField("invalid_share", config.shares().invalid());
            json.writeStringField("late_duplicate_delay", config.lateDuplicateDelay().toString());
            json.writeStringField("out_of_order_max", config.outOfOrderMax().toString());
            json.writeStringField("very_late_delay", config.veryLateDelay().toString());
            json.writeEndObject();

            json.writeObjectFieldStart("sent_by_intent");
            for (Intent intent : Intent.values()) {
                json.writeNumberField(intent.name(), sentByIntent.getOrDefault(intent, 0L));
            }
            json.writeEndObject();

            json.writeObjectFieldStart("verdicts");
            json.writeNumberField("records", truth.records());
            json.writeNumberField("valid", truth.valid());
            json.writeNumberField("billable", truth.billable());
            json.writeNumberField("duplicates", truth.duplicates());
            json.writeNumberField("invalid", truth.invalid());
            json.writeObjectFieldStart("invalid_by_reason");
            for (ReasonCode reason : ReasonCode.values()) {
                json.writeNumberField(reason.name(), truth.invalidByReason().getOrDefault(reason, 0L));
            }
            json.writeEndObject();
            json.writeEndObject();

            json.writeNumberField("rows", truth.rows().size());
            json.writeObjectFieldStart("days");
            for (Map.Entry<LocalDate, TreeMap<String, Totals>> day : totalsPerDayAndCurrency(truth).entrySet()) {
                json.writeObjectFieldStart(day.getKey().toString());
                for (Map.Entry<String, Totals> currency : day.getValue().entrySet()) {
                    json.writeObjectFieldStart(currency.getKey());
                    json.writeNumberField("impressions", currency.getValue().impressions());
                    json.writeNumberField("clicks", currency.getValue().clicks());
                    json.writeNumberField("spend_micros", currency.getValue().spendMicros());
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    private static TreeMap<LocalDate, TreeMap<String, Totals>> totalsPerDayAndCurrency(GroundTruth truth) {
        TreeMap<LocalDate, TreeMap<String, Totals>> days = new TreeMap<>();
        truth.billingDaily().forEach((key, totals) -> days.computeIfAbsent(key.day(), d -> new TreeMap<>())
                .computeIfAbsent(key.currency(), c -> new Totals()).add(totals));
        return days;
    }
}
