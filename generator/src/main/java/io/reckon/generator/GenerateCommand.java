package io.reckon.generator;

import io.reckon.cli.DurationConverter;
import io.reckon.generator.output.EventsFile;
import io.reckon.generator.output.KafkaRecordSink;
import io.reckon.generator.output.RecordSink;
import io.reckon.generator.traffic.Shares;
import io.reckon.generator.traffic.TrafficConfig;
import io.reckon.generator.truth.GroundTruth;
import io.reckon.schemas.definitions.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Generates traffic to JSON-lines files and/or Kafka, and writes its ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Generates realistic ad traffic for topic ad-events with exact ground truth.",
                "Writes OUT/events.jsonl (unless --no-events-file) and OUT/truth/{ad_stats_minute.csv,"
                        + "billing_daily.csv,summary.json}; sends to Kafka when --bootstrap is given.",
                "The same options (and --seed) always give identical files."})
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--count", defaultValue = "100000", description = "Records to send, duplicates and invalid ones "
            + "included (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--seed", defaultValue = "1", description = "Seed; same seed, same traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--day", description = "UTC day whose record timestamps the traffic spans (default: yesterday).")
    LocalDate day;

    @Option(names = "--start", description = "Instead of --day: first record timestamp, e.g. 2025-11-26T10:00:00Z.")
    Instant start;

    @Option(names = "--end", description = "With --start: end of the record timestamp range (exclusive).")
    Instant end;

    @Option(names = "--rate", defaultValue = "0", description = "Records per second to pace sending at; 0 = as fast "
            + "as possible (default).")
    double rate;

    @Option(names = "--live", description = "Record timestamps follow the wall clock from now at --rate "
            + "(for latency measurements); the files then depend on the start time.")
    boolean live;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers; when set, records are also sent to Kafka.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = Topics.AD_EVENTS, description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--partitions", defaultValue = "" + Topics.AD_EVENTS_PARTITIONS,
            description = "Partition count of the topic (default: ${DEFAULT-VALUE}); checked against Kafka.")
    int partitions;

    @Option(names = "--no-events-file", negatable = false, description = "Do not write events.jsonl.")
    boolean noEventsFile;

    @Option(names = "--advertisers", defaultValue = "40", description = "Advertisers (default: ${DEFAULT-VALUE}).")
    int advertisers;

    @Option(names = "--campaigns-per-advertiser", defaultValue = "5", description = "(default: ${DEFAULT-VALUE})")
    int campaignsPerAdvertiser;

    @Option(names = "--ads-per-campaign", defaultValue = "6", description = "(default: ${DEFAULT-VALUE})")
    int adsPerCampaign;

    @Option(names = "--zipf", defaultValue = "1.1", description = "Popularity skew exponent (default: ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--users", defaultValue = "100000", description = "Distinct users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--currencies", defaultValue = "USD,EUR,GBP,JPY,BRL", split = ",",
            description = "Currencies, most common first (default: ${DEFAULT-VALUE}).")
    List<String> currencies;

    @Option(names = "--click-share", defaultValue = "0.03", description = "(default: ${DEFAULT-VALUE})")
    double clickShare;

    @Option(names = "--duplicate-share", defaultValue = "0.03", description = "Exact duplicates (default: ${DEFAULT-VALUE}).")
    double duplicateShare;

    @Option(names = "--late-duplicate-share", defaultValue = "0.005", description = "(default: ${DEFAULT-VALUE})")
    double lateDuplicateShare;

    @Option(names = "--conflicting-duplicate-share", defaultValue = "0.003", description = "(default: ${DEFAULT-VALUE})")
    double conflictingDuplicateShare;

    @Option(names = "--out-of-order-share", defaultValue = "0.05", description = "(default: ${DEFAULT-VALUE})")
    double outOfOrderShare;

    @Option(names = "--very-late-share", defaultValue = "0.005", description = "(default: ${DEFAULT-VALUE})")
    double veryLateShare;

    @Option(names = "--invalid-share", defaultValue = "0.01", description = "(default: ${DEFAULT-VALUE})")
    double invalidShare;

    @Option(names = "--late-duplicate-delay", defaultValue = "2h", converter = DurationConverter.class, description = "Minimum record-time gap "
            + "between an original and its late re-send (default: ${DEFAULT-VALUE}).")
    Duration lateDuplicateDelay;

    @Option(names = "--out-of-order-max", defaultValue = "2m", converter = DurationConverter.class, description = "(default: ${DEFAULT-VALUE})")
    Duration outOfOrderMax;

    @Option(names = "--very-late-delay", defaultValue = "2h", converter = DurationConverter.class, description = "Very late events are 1-3 times this "
            + "late (default: ${DEFAULT-VALUE}).")
    Duration veryLateDelay;

    @Option(names = "--kafka-timeout", defaultValue = "30s", converter = DurationConverter.class, description = "How long a "
            + "send may wait for the broker (its metadata, room in the buffer) and for its acknowledgement, retrying "
            + "meanwhile; past it the run fails and writes no ground truth. An ad server rides out a broker outage "
            + "this long (default: ${DEFAULT-VALUE}).")
    Duration kafkaTimeout;

    @Option(names = "--progress", defaultValue = "auto", description = "auto, always or never (default: ${DEFAULT-VALUE}).")
    String progress;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        TrafficConfig config = config();
        List<RecordSink> sinks = new ArrayList<>();
        if (!noEventsFile) {
            sinks.add(new EventsFile(out.resolve(EventsFile.NAME)));
        }
        if (kafkaTimeout.isZero()) {
            throw new IllegalArgumentException("--kafka-timeout must be positive");
        }
        if (bootstrap != null) {
            sinks.add(new KafkaRecordSink(bootstrap, topic, partitions, kafkaTimeout));
        }
        PrintStream err = System.err;
        err.printf("generating %,d records, seed %d, record timestamps %s .. %s%n", count, seed,
                Instant.ofEpochMilli(config.startMillis()), Instant.ofEpochMilli(config.endMillis()));
        long started = System.nanoTime();
        GroundTruth truth = new Generation(config, partitions, rate).run(sinks, out.resolve("truth"), progressFor());
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("records %d  valid %d  billable %d  duplicates %d  invalid %d  rows %d  in %.1f s (%,.0f/s)"
                        + "%ntruth: %s%n", truth.records(), truth.valid(), truth.billable(), truth.duplicates(),
                truth.invalid(), truth.rows().size(), seconds, truth.records() / Math.max(seconds, 1e-9),
                out.resolve("truth"));
        return 0;
    }

    TrafficConfig config() {
        long startMillis;
        long endMillis;
        if (live) {
            if (rate <= 0) {
                throw new IllegalArgumentException("--live needs a --rate above 0");
            }
            startMillis = start != null ? start.toEpochMilli() : clock.millis();
            endMillis = startMillis + Math.max(1, (long) Math.ceil(count * 1000.0 / rate));
        } else if (start != null || end != null) {
            if (start == null || end == null || day != null) {
                throw new IllegalArgumentException("give --start with --end, or --day, not both");
            }
            startMillis = start.toEpochMilli();
            endMillis = end.toEpochMilli();
        } else {
            LocalDate d = day != null ? day : LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
            startMillis = d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            endMillis = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        Shares shares = new Shares(duplicateShare, lateDuplicateShare, conflictingDuplicateShare, outOfOrderShare,
                veryLateShare, invalidShare);
        return new TrafficConfig(seed, count, startMillis, endMillis, advertisers, campaignsPerAdvertiser,
                adsPerCampaign, zipf, users, currencies, clickShare, shares, lateDuplicateDelay, outOfOrderMax,
                veryLateDelay);
    }

    private Progress progressFor() {
        boolean show = switch (progress) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null;
            default -> throw new IllegalArgumentException("--progress must be auto, always or never");
        };
        return show ? Progress.bar("generate", count) : Progress.none();
    }
}
