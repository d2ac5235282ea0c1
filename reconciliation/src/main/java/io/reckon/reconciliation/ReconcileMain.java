package io.reckon.reconciliation;

import io.reckon.cli.DurationConverter;
import io.reckon.cli.stack.KafkaOption;
import io.reckon.cli.stack.PinotBrokerOption;
import io.reckon.cli.stack.ZooKeeperOption;
import io.reckon.coordination.DayLeases;
import io.reckon.coordination.ZooKeeperDayLeases;
import io.reckon.reconciliation.io.HiveTableNames;
import io.reckon.reconciliation.report.RunOutcome;
import io.reckon.schemas.definitions.HiveTables;
import io.reckon.schemas.definitions.PipelineNames;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/**
 * {@code bin/reckon reconcile}: correct Pinot from the batch truth, verify, mark the day FINAL.
 *
 * <p>Exit codes: 0 the day is FINAL (or, with {@code --list-reopened}, the list was printed); 1 the day is not
 * FINAL (differences remain, corrections not visible in time, an error); 2 bad usage.
 */
@Command(name = "reckon reconcile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares a day of Pinot's ad_stats_minute with the exact batch rows, publishes corrections in one "
                + "Kafka transaction (batch versions), waits until Pinot shows them, re-compares and marks the day FINAL.",
                "Endpoints default to the local stack's stack.properties (RECKON_DATA_DIR or .reckon)."})
public final class ReconcileMain implements Callable<Integer> {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the UTC billing day")
    LocalDate date;

    @Option(names = "--verify-final", description = "only check (read-only) that the day is FINAL and Pinot still equals it")
    boolean verifyFinal;

    @Option(names = "--list-reopened", description = "print the FINAL days (before --before) that received events "
            + "after they became FINAL, one YYYY-MM-DD a line")
    boolean listReopened;

    @Option(names = "--before", paramLabel = "YYYY-MM-DD", description = "with --list-reopened: only days before this one")
    LocalDate before;

    @Mixin
    KafkaOption kafka;

    @Option(names = "--topic", description = "aggregate topic (default: stack.properties kafka.topic.aggregates, else ad-stats-minute)")
    String topic;

    @Mixin
    PinotBrokerOption pinotBroker;

    @Option(names = "--pinot-table", description = "default: stack.properties pinot.table, else ad_stats_minute")
    String pinotTable;

    @Option(names = "--exact-table", defaultValue = HiveTables.EXACT, description = "default ${DEFAULT-VALUE}")
    String exactTable;
    @Option(names = "--batch-runs-table", defaultValue = HiveTables.BATCH_RUNS, description = "default ${DEFAULT-VALUE}")
    String batchRunsTable;
    @Option(names = "--raw-table", defaultValue = HiveTables.RAW, description = "default ${DEFAULT-VALUE}")
    String rawTable;
    @Option(names = "--runs-table", defaultValue = HiveTables.RECONCILIATION_RUNS, description = "default ${DEFAULT-VALUE}")
    String runsTable;
    @Option(names = "--final-table", defaultValue = HiveTables.FINAL_DAYS, description = "default ${DEFAULT-VALUE}")
    String finalTable;

    @Option(names = "--page-size", defaultValue = "50000", description = "most Pinot rows per query (default ${DEFAULT-VALUE})")
    int pageSize;

    @Option(names = "--initial-span", defaultValue = "60m", converter = DurationConverter.class,
            description = "first time range per Pinot query, split while a range holds more than a page (default ${DEFAULT-VALUE})")
    Duration initialSpan;

    /** The old spelling of --initial-span, in minutes; kept for scripts that use it. */
    @Option(names = "--initial-span-minutes", hidden = true)
    Integer initialSpanMinutes;

    @Option(names = "--visibility-timeout", defaultValue = "5m", converter = DurationConverter.class,
            description = "how long to wait for Pinot to show every correction (default ${DEFAULT-VALUE})")
    Duration visibilityTimeout;

    @Option(names = "--poll-interval", defaultValue = "500ms", converter = DurationConverter.class,
            description = "Pinot polling interval while waiting (default ${DEFAULT-VALUE})")
    Duration pollInterval;

    @Option(names = "--transaction-timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "Kafka transaction timeout, at most the broker's transaction.max.timeout.ms (default ${DEFAULT-VALUE})")
    Duration transactionTimeout;

    @Option(names = "--transactional-id-prefix", description = "the transactional id is <prefix>-<topic>-<day>: one per "
            + "day, so runs of a day fence each other (default: stack.properties reconcile.transactional.id.prefix, else "
            + "reckon-reconcile)")
    String transactionalIdPrefix;

    @Option(names = "--report-dir", description = "default: <data dir>/reconciliation/reports")
    Path reportDir;

    @Option(names = "--accept-forced", description = "make the day FINAL also on a batch run forced over incomplete "
            + "hours (batch --force); the FINAL record, the report and the billing manifest then say forced. Without "
            + "it such a day is refused.")
    boolean acceptForced;

    @Mixin
    ZooKeeperOption zookeeper;

    @Option(names = "--report-campaigns", defaultValue = "50", description = "campaign rows in the report's drift table")
    int reportCampaigns;

    @CommandLine.Mixin
    StackOptions stack;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Opens the lease store of a pipeline: ZooKeeper; tests give their own. */
    interface LeaseStore {
        DayLeases open(String zookeeper, String pipeline);
    }

    private final PrintStream out;
    private final LeaseStore leaseStore;

    ReconcileMain(PrintStream out, LeaseStore leaseStore) {
        this.out = out;
        this.leaseStore = leaseStore;
    }

    public static void main(String[] args) {
        CommandLines.quietLogging();
        System.exit(run(System.out, args));
    }

    public static int run(PrintStream out, String... args) {
        return run(out, ZooKeeperDayLeases::connect, args);
    }

    /** As {@link #run(PrintStream, String...)}, with the day leases from {@code leaseStore}. */
    static int run(PrintStream out, LeaseStore leaseStore, String... args) {
        return CommandLines.execute("reconcile", new ReconcileMain(out, leaseStore), out, args);
    }

    @Override
    public Integer call() {
        if (listReopened) {
            if (before == null || date != null || verifyFinal) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--list-reopened needs --before and takes neither --date nor --verify-final");
            }
        } else {
            if (date == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--date is required");
            }
            if (before != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--before goes with --list-reopened");
            }
        }
        if (initialSpanMinutes != null) {
            initialSpan = Duration.ofMinutes(initialSpanMinutes);
        }
        if (pageSize < 1 || initialSpan.toMinutes() < 1 || initialSpan.toMinutes() > 1440
                || initialSpan.toSeconds() % 60 != 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--page-size must be positive and --initial-span whole minutes from 1m to 24h");
        }
        ReconcileSettings settings = settings();
        if (listReopened) {
            for (LocalDate day : new FinalityCheck(settings, System.err).reopened(before)) {
                out.println(day);
            }
            return 0;
        }
        if (verifyFinal) {
            return new FinalityCheck(settings, out).verifyFinal(date) ? 0 : 1;
        }
        String zk = zookeeper.connect(stack.dir);
        // The pipeline's leases are named by its Hive database, where its exact tables live.
        try (DayLeases leases = leaseStore.open(zk, settings.tables().database())) {
            RunOutcome outcome = new Reconciler(settings, leases, out).reconcile(date);
            return outcome.isFinal() ? 0 : 1;
        }
    }

    private ReconcileSettings settings() {
        String broker = pinotBroker.hostPort(stack.dir);
        PipelineNames names = stack.names();
        HiveTableNames tables;
        try {
            tables = new HiveTableNames(stack.database(), exactTable, batchRunsTable, rawTable, runsTable, finalTable,
                    HiveTableNames.DEFAULTS.billing());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path reconDir = stack.dataDir().resolve("reconciliation");
        return new ReconcileSettings(kafka.bootstrap(stack.dir),
                topic != null ? topic : names.aggregatesTopic(), broker,
                pinotTable != null ? pinotTable : names.pinotTable(), stack.hiveUrl(),
                tables, pageSize, (int) initialSpan.toMinutes(), visibilityTimeout, pollInterval, transactionTimeout,
                transactionalIdPrefix != null ? transactionalIdPrefix : names.reconcileTransactionalIdPrefix(),
                reportDir != null ? reportDir : reconDir.resolve("reports"),
                reconDir.resolve("work"), reportCampaigns, acceptForced);
    }
}
