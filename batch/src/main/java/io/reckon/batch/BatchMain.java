package io.reckon.batch;

import io.reckon.cli.DurationConverter;
import io.reckon.cli.OneLineErrors;
import io.reckon.cli.stack.DataDirOption;
import io.reckon.cli.stack.HiveServer2Option;
import io.reckon.cli.stack.ZooKeeperOption;
import io.reckon.coordination.DayLeases;
import io.reckon.coordination.ZooKeeperDayLeases;
import io.reckon.schemas.definitions.HiveTables;
import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.stack.location.DefaultEndpoints;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code bin/reckon batch --date YYYY-MM-DD [--hours a-b] [--force]}, and the main class of the spark-submit jar.
 * Exit codes: 0 succeeded, 1 failed, 2 bad usage, 3 refused (hours not marked complete). With {@code --check-complete}
 * only the completeness check runs ({@link ArchiveCheck}): 0 complete, 3 not complete yet.
 */
@Command(name = "reckon batch", mixinStandardHelpOptions = true, version = "reckon batch 0.1.0",
        sortOptions = false,
        description = {"Recomputes the exact aggregates of one UTC day from the Hive raw archive (raw_ad_events):",
                "re-validates every record with the shared rules, keeps the first valid copy of each event_id by",
                "partition offset (copies on other days included), aggregates at the contract's grain and replaces",
                "the day's partitions of ad_stats_minute_exact and ad_billing_daily; records the run in batch_runs.",
                "Locally it uses the stack's metastore (.reckon/spark-defaults.conf); under spark-submit, the",
                "cluster's configuration."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:succeeded (--check-complete: every hour is marked complete)", "1:failed", "2:bad usage",
                "3:refused: hours not marked complete (--check-complete: not complete yet)"})
public final class BatchMain implements Callable<Integer> {
    static final int REFUSED = 3;

    @Option(names = "--date", required = true, description = "The UTC day to recompute, YYYY-MM-DD.")
    LocalDate date;

    @Option(names = "--hours", defaultValue = "0-23", converter = HourRangeConverter.class,
            description = "UTC hours of the day to recompute, a-b or a (default: ${DEFAULT-VALUE}). The other "
                    + "hours' rows already in the partition are kept.")
    HourRange hours;

    @Option(names = "--force", description = "Compute even if some hours are not marked complete.")
    boolean force;

    @Option(names = "--check-complete", description = "Only check that every hour (of --hours) is marked complete: "
            + "exit 0 if so, 3 if not (the missing hours on one line). Computes nothing and records no run; starts no "
            + "Spark session unless neither --raw-location nor a HiveServer2 is known.")
    boolean checkComplete;

    @Option(names = "--raw-location", paramLabel = "URI", description = "With --check-complete: the raw table's "
            + "location (default: asked from the metastore through HiveServer2, else through a Spark session).")
    String rawLocation;

    @Option(names = "--spark-conf", paramLabel = "FILE", description = "Spark settings in spark-defaults.conf "
            + "format (default: the local stack's .reckon/spark-defaults.conf when present; 'none' for none). "
            + "Settings given with spark-submit --conf or -Dspark.* win.")
    String sparkConf;

    @Mixin
    DataDirOption dir;

    /** HiveServer2, sent REFRESH TABLE after writing; {@code none} for none (under spark-submit, say). */
    @Mixin
    HiveServer2Option hive;

    @Option(names = "--database", description = "Hive database (default: hive.database of the local stack's "
            + "stack.properties when present, else reckon).")
    String database;

    @Option(names = "--raw-table", defaultValue = HiveTables.RAW, description = "(default: ${DEFAULT-VALUE})")
    String rawTable;

    @Option(names = "--stats-table", defaultValue = HiveTables.EXACT,
            description = "(default: ${DEFAULT-VALUE})")
    String statsTable;

    @Option(names = "--billing-table", defaultValue = HiveTables.BILLING, description = "(default: ${DEFAULT-VALUE})")
    String billingTable;

    @Option(names = "--runs-table", defaultValue = HiveTables.BATCH_RUNS, description = "(default: ${DEFAULT-VALUE})")
    String runsTable;

    @Option(names = "--dead-letter-table", defaultValue = HiveTables.DEAD_LETTER,
            description = "(default: ${DEFAULT-VALUE})")
    String deadLetterTable;

    @Option(names = "--source-topic", description = "The Kafka topic the archive holds, written to dead letters "
            + "(default: kafka.topic.events of the local stack's stack.properties when present, else ad-events).")
    String sourceTopic;

    @Option(names = "--lookback-days", paramLabel = "N", description = "Consult only the archive from N days before "
            + "the day for earlier copies of its ids (default: the whole archive, as the contract requires).")
    Integer lookbackDays;

    @Option(names = "--lookahead-days", paramLabel = "N", description = "Consult only the archive up to N days after "
            + "the day (default: the whole archive).")
    Integer lookaheadDays;

    @Option(names = "--no-key-index", description = "Find the other copies of the day's ids by reading every key of "
            + "the archive, not through the key index next to the raw table (see docs/batch.md).")
    boolean noKeyIndex;

    @Option(names = "--marker-name", defaultValue = MarkerFileCompleteness.DEFAULT_MARKER,
            description = "Completeness marker file in each hour folder (default: ${DEFAULT-VALUE}).")
    String markerName;

    @Option(names = "--master", description = "Spark master when not run by spark-submit (default: local[2]).")
    String master;

    @Option(names = "--shuffle-partitions", defaultValue = "8", description = "spark.sql.shuffle.partitions for "
            + "local runs unless configured (default: ${DEFAULT-VALUE}).")
    int shufflePartitions;

    @Option(names = "--progress", defaultValue = "10s", converter = DurationConverter.class,
            description = "Between progress lines while Spark works, whole seconds; 0 for none (default: ${DEFAULT-VALUE}).")
    java.time.Duration progressEvery;

    /** The old spelling of --progress, in seconds; kept for scripts that use it. */
    @Option(names = "--progress-seconds", hidden = true)
    Integer progressSeconds;

    /** --progress, or the old --progress-seconds where given. */
    java.time.Duration progressInterval() {
        return progressSeconds != null ? java.time.Duration.ofSeconds(progressSeconds) : progressEvery;
    }

    @Option(names = "--stacktrace", description = "Print the full stack trace of a failure.")
    boolean stackTrace;

    @Mixin
    ZooKeeperOption zookeeper;

    public static void main(String[] args) {
        boolean submitted = System.getProperty("spark.master") != null;
        if (!submitted && System.getProperty("log4j2.configurationFile") == null) {
            // Local runs: Spark's INFO chatter off the console; progress lines are ours.
            System.setProperty("log4j2.configurationFile", "reckon-batch-log4j2.properties");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line of {@code bin/reckon batch} (also for tests). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BatchMain());
        cli.registerConverter(LocalDate.class, LocalDate::parse);
        return OneLineErrors.install(cli, "reckon batch");
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (checkComplete) {
            return checkComplete();
        }
        if (rawLocation != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--raw-location goes with --check-complete");
        }
        BatchOptions options = new BatchOptions(date, hours, force, tables(),
                sourceTopic != null ? sourceTopic : pipelineNames().eventsTopic(),
                new ArchiveWindow(lookbackDays, lookaheadDays), markerName, resolveHiveServer2Url(), !noKeyIndex);
        Map<String, String> settings = sparkSettings();
        SparkSession.Builder builder = sparkBuilder("reckon-batch " + date, "local[2]", settings);
        boolean submitted = System.getProperty("spark.master") != null;
        Progress progress = new Progress(System.out, BatchJob.STEPS);
        progress.line("starting Spark (" + (submitted ? System.getProperty("spark.master")
                : master != null ? master : settings.getOrDefault("spark.master", "local[2]")) + ")"
                + (settings.isEmpty() ? "" : " with " + settings.size() + " settings from " + sparkConfFile().orElse(null)));
        // Before Spark starts: a ZooKeeper that cannot be reached fails the run at once, and nothing is read.
        DayLeases leases = ZooKeeperDayLeases.connect(zookeeper.given().orElseGet(() -> localStackEndpoints()
                .map(p -> p.getProperty("pinot.zookeeper")).orElse(DefaultEndpoints.PINOT_ZOOKEEPER)),
                options.tables().database());
        SparkSession spark = builder.enableHiveSupport().getOrCreate();
        try {
            progress.attach(spark.sparkContext(), (int) progressInterval().toSeconds());
            RunRecord run = BatchJob.run(spark, options, leases, progress);
            System.out.println();
            System.out.print(run.summary());
            System.out.flush();
            return switch (run.status()) {
                case SUCCEEDED -> 0;
                case REFUSED -> REFUSED;
                case FAILED -> 1;
            };
        } catch (RuntimeException e) {
            System.err.println("reckon batch: the run for " + date + " failed: " + OneLineErrors.describe(e)
                    + (stackTrace ? "" : " (--stacktrace prints the full trace)"));
            if (stackTrace) {
                e.printStackTrace(System.err);
            }
            return OneLineErrors.FAILED;
        } finally {
            progress.close();
            spark.stop();
            leases.close();
        }
    }

    /** The pipeline's names of the local stack's data directory (a stack's or an instance's), else the defaults. */
    private PipelineNames pipelineNames() {
        return localStackEndpoints().map(PipelineNames::from).orElse(PipelineNames.DEFAULT);
    }

    /** --data-dir, else the local stack's when started by bin/reckon or with RECKON_DATA_DIR (none under spark-submit). */
    private Optional<Path> localDataDir() {
        return dir.given() ? Optional.of(dir.dataDir())
                : SparkConfFile.localStackDataDir(System.getenv(), System.getProperty("reckon.home"));
    }

    private Optional<java.util.Properties> localStackEndpoints() {
        return localDataDir()
                .map(io.reckon.stack.location.StackLocation::endpoints).filter(p -> !p.isEmpty());
    }

    private TableNames tables() {
        try {
            return new TableNames(database != null ? database : pipelineNames().hiveDatabase(), rawTable, statsTable,
                    billingTable, runsTable, deadLetterTable);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** --check-complete: no batch run, no run record; the cheapest way to the raw table's location. */
    private int checkComplete() {
        if (force) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--check-complete takes no --force");
        }
        String qualified = tables().rawTable();
        String location;
        try {
            String hiveServer2 = resolveHiveServer2Url();
            String source;
            if (rawLocation != null) {
                location = rawLocation;
                source = "--raw-location";
            } else if (hiveServer2 != null) {
                location = ArchiveCheck.locationOverHiveServer2(hiveServer2, qualified);
                source = "the metastore through HiveServer2 " + hiveServer2;
            } else {
                location = locationFromSpark(qualified);
                source = "the metastore through a Spark session";
            }
            System.out.println(qualified + " is at " + location + " (from " + source + ")");
            // The file system settings a real run would have: spark.hadoop.* of the Spark configuration.
            org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
            sparkSettings().forEach((k, v) -> {
                if (k.startsWith("spark.hadoop.")) {
                    hadoop.set(k.substring("spark.hadoop.".length()), v);
                }
            });
            HourCompleteness completeness = new MarkerFileCompleteness(hadoop, location, markerName);
            return ArchiveCheck.check(date, hours, completeness, System.out);
        } catch (java.sql.SQLException | RuntimeException e) {
            System.err.println("reckon batch: cannot check the archive of " + date + " (" + qualified + "): " + e);
            if (stackTrace) {
                e.printStackTrace(System.err);
            }
            return 1;
        }
    }

    /**
     * The Spark session of a run and of --check-complete's location lookup, from one set of rules: the Spark
     * configuration's settings, and a local master bound to loopback unless spark-submit set one.
     */
    private SparkSession.Builder sparkBuilder(String appName, String defaultMaster, Map<String, String> settings) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (System.getProperty("spark.master") == null) {
            builder.master(master != null ? master : settings.getOrDefault("spark.master", defaultMaster));
            builder.config("spark.driver.host", settings.getOrDefault("spark.driver.host", "127.0.0.1"));
            builder.config("spark.driver.bindAddress", settings.getOrDefault("spark.driver.bindAddress", "127.0.0.1"));
            builder.config("spark.ui.enabled", settings.getOrDefault("spark.ui.enabled", "false"));
            builder.config("spark.sql.shuffle.partitions",
                    settings.getOrDefault("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions)));
        }
        settings.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                builder.config(k, v);
            }
        });
        builder.config("spark.sql.session.timeZone", "UTC");
        return builder;
    }

    /** Without HiveServer2 (e.g. under spark-submit on a cluster): the metastore through a Spark session. */
    private String locationFromSpark(String table) {
        // one core is enough to ask the metastore
        SparkSession spark = sparkBuilder("reckon-batch check " + date, "local[1]", sparkSettings())
                .enableHiveSupport().getOrCreate();
        try {
            return BatchJob.tableLocation(spark, table);
        } finally {
            spark.stop();
        }
    }

    private Optional<Path> sparkConfFile() {
        if ("none".equals(sparkConf)) {
            return Optional.empty();
        }
        if (sparkConf != null) {
            return Optional.of(Path.of(sparkConf));
        }
        // The data directory's own file, else the one its stack.properties names (an instance shares its stack's).
        Optional<Path> own = localDataDir()
                .map(d -> d.resolve("spark-defaults.conf")).filter(Files::isRegularFile);
        return own.isPresent() ? own : localStackEndpoints().map(p -> p.getProperty("spark.defaults.file"))
                .map(Path::of).filter(Files::isRegularFile);
    }

    private Map<String, String> sparkSettings() {
        return sparkConfFile().map(SparkConfFile::read).orElseGet(LinkedHashMap::new);
    }

    private String resolveHiveServer2Url() {
        Optional<String> given = hive.given();
        if (given.isPresent()) {
            return "none".equals(given.get()) ? null : given.get();
        }
        return localStackEndpoints().map(p -> p.getProperty("hive.jdbc.url")).orElse(null);
    }

    /** picocli converter for --hours. */
    public static final class HourRangeConverter implements CommandLine.ITypeConverter<HourRange> {
        @Override
        public HourRange convert(String value) {
            try {
                return HourRange.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
