package io.reckon.streaming;

import io.reckon.cli.DurationConverter;
import io.reckon.cli.OneLineErrors;
import io.reckon.cli.stack.DataDirOption;
import io.reckon.cli.stack.HiveServer2Option;
import io.reckon.cli.stack.KafkaOption;
import io.reckon.platform.process.BackgroundRun;
import io.reckon.schemas.definitions.HiveTables;
import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.stack.location.StackLocation;
import io.reckon.streaming.job.CheckpointDirLock;
import io.reckon.streaming.job.JobOptions;
import io.reckon.streaming.job.LocalCluster;
import io.reckon.streaming.job.RetainedCheckpoints;
import io.reckon.streaming.job.SpeedLayerJob;
import io.reckon.streaming.job.StartPlan;
import io.reckon.streaming.job.StartingOffsets;
import io.reckon.streaming.job.TransactionTimeout;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;

/**
 * {@code bin/reckon stream}: runs the speed layer. Started by {@code bin/reckon} (or plain {@code java}) it runs on
 * a local MiniCluster against the local stack, in the foreground with live counters, or detached with a PID file.
 * Submitted with {@code flink run} (the {@code -flink} classifier jar), it runs on that cluster.
 */
@Command(name = "reckon stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The speed layer: validate, dedup and count ad-events exactly once into ad-stats-minute "
                + "(Pinot), invalid records into ad-events-dlq.",
                "Durations: 500ms, 5s, 10m, 1h or ISO-8601 (PT5S)."})
public final class StreamMain implements Callable<Integer> {

    @Mixin
    DataDirOption dir;

    @Mixin
    KafkaOption kafka;

    @Option(names = "--checkpoint-interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "Checkpoint interval; aggregates become visible at checkpoints (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--dedup-ttl", defaultValue = "1h", converter = DurationConverter.class,
            description = "How long an event_id is remembered, processing time (default: ${DEFAULT-VALUE}).")
    Duration dedupTtl;

    @Option(names = "--lateness", defaultValue = "5m", converter = DurationConverter.class,
            description = "Allowed lateness of a 1-minute window, event time (default: ${DEFAULT-VALUE}).")
    Duration lateness;

    @Option(names = "--early-firing", defaultValue = "5s", converter = DurationConverter.class,
            description = "Emit changed windows every this often; 0 = only when the watermark passes a window's "
                    + "end (default: ${DEFAULT-VALUE}).")
    Duration earlyFiring;

    @Option(names = "--out-of-orderness", defaultValue = "10s", converter = DurationConverter.class,
            description = "Bounded out-of-orderness of the watermarks (default: ${DEFAULT-VALUE}).")
    Duration outOfOrderness;

    @Option(names = "--idleness", defaultValue = "30s", converter = DurationConverter.class,
            description = "A Kafka partition without records this long stops holding back the watermark "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration idleness;

    @Option(names = "--transaction-timeout", converter = DurationConverter.class,
            description = "Kafka transaction timeout of the aggregates and dead letters, at most the broker's "
                    + "transaction.max.timeout.ms: the longest outage whose pre-committed output a resumed job still "
                    + "commits (default: that maximum).")
    Duration transactionTimeout;

    @Option(names = "--state-backend", defaultValue = "hashmap",
            description = "hashmap (heap) or rocksdb (default: ${DEFAULT-VALUE}).")
    String stateBackend;

    @Option(names = "--parallelism", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--checkpoint-dir", description = "Checkpoint directory URI (default locally: "
            + "file:<data dir>/flink/checkpoints/<transactional id prefix>). Checkpoints are retained on cancel, and a "
            + "local run resumes from the newest one there.")
    String checkpointDir;

    @Option(names = "--restore", description = "Start from this retained checkpoint or savepoint directory instead "
            + "of the newest checkpoint in the checkpoint directory.")
    String restore;

    @Option(names = "--fresh", description = "Start with empty state, even if a retained checkpoint exists: each "
            + "partition right after the archive's highest archived offset (the consumer group's committed offsets "
            + "with --no-archive). Windows already emitted can then come back as partial rows that overwrite complete "
            + "ones in Pinot until the day is reconciled.")
    boolean fresh;

    @Option(names = "--resume-older", description = "If the newest retained checkpoint cannot be restored (a truncated "
            + "or missing file), resume from the newest older one that can, instead of refusing to start. It costs a "
            + "replay: the output since that checkpoint is produced again (Pinot rows are rewritten until the day is "
            + "reconciled, the archive holds those positions twice and the batch layer counts each once).")
    boolean resumeOlder;

    @Option(names = "--from-earliest", description = "On a fresh start, read ad-events from the beginning instead "
            + "of the consumer group's committed offsets (a resumed job goes on from its checkpoint's offsets).")
    boolean fromEarliest;

    // The pipeline's names default to those the data directory's stack.properties lists (PipelineNames), else the
    // stack's own: an instance of the stack (bin/reckon stack instance) runs the same command on its own names.
    @Option(names = "--group-id", description = "(default: stack.properties stream.group.id, else reckon-speed)")
    String groupId;

    @Option(names = "--transactional-id-prefix", description = "Unique per job: two jobs with one prefix fence each "
            + "other (default: stack.properties stream.transactional.id.prefix, else reckon-speed).")
    String transactionalIdPrefix;

    @Option(names = "--input-topic", description = "(default: stack.properties kafka.topic.events, else ad-events)")
    String inputTopic;

    @Option(names = "--aggregates-topic",
            description = "(default: stack.properties kafka.topic.aggregates, else ad-stats-minute)")
    String aggregatesTopic;

    @Option(names = "--dlq-topic", description = "(default: stack.properties kafka.topic.dead-letters, else ad-events-dlq)")
    String dlqTopic;

    @Option(names = "--archive", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Archive every raw record to Hive raw_ad_events, register its partitions and mark complete "
                    + "hours; --no-archive turns it off (default: on).")
    boolean archive;

    @Option(names = {"--database", "--archive-database"},
            description = "Hive database of the archive (default: stack.properties hive.database, else reckon).")
    String archiveDatabase;

    @Option(names = "--archive-table", defaultValue = HiveTables.RAW, description = "(default: ${DEFAULT-VALUE})")
    String archiveTable;

    @Option(names = "--archive-location", description = "The table's location URI, where the Parquet files, "
            + "_COMPLETE markers and touched-after-complete records go (default: the table's location in the "
            + "metastore, else file:<warehouse.dir>/<database>.db/<table> of the local stack).")
    String archiveLocation;

    @Option(names = "--archive-grace", defaultValue = "10m", converter = DurationConverter.class,
            description = "An archive hour is marked complete once the watermark is this far past its end "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration archiveGrace;

    /** HiveServer2, where the archive's partitions are registered. */
    @Mixin
    HiveServer2Option hive;

    @Option(names = "--hive-jdbc-jar", description = "The hive-jdbc standalone jar, loaded in its own class loader "
            + "(default: streaming/target/isolated/, else the local Maven repository).")
    String hiveJdbcJar;

    @Option(names = "--report-interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "Live counters every this often, local runs (default: ${DEFAULT-VALUE}).")
    Duration reportInterval;

    @Option(names = "--prometheus-port", defaultValue = "19249",
            description = "Prometheus reporter port for local runs; 0 = off (default: ${DEFAULT-VALUE}).")
    int prometheusPort;

    @Option(names = "--bind-host", defaultValue = "127.0.0.1",
            description = "Address every listener of a local run binds: Prometheus, the MiniCluster's REST and blob "
                    + "server (default: ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
    String bindHost;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--detach", description = "Run in the background: log to <data dir>/logs/stream.log, PID in "
            + "<data dir>/run/stream.pid.")
    boolean detach;

    public static void main(String[] args) {
        // Logging levels: simplelogger.properties (reckon's lines and real warnings; engine noise filtered).
        System.exit(commandLine(new StreamMain()).execute(args));
    }

    /** Errors as one line ("reckon stream: ..."), the project's exit codes ({@link OneLineErrors}). */
    static CommandLine commandLine(StreamMain main) {
        return OneLineErrors.install(new CommandLine(main), "reckon stream");
    }

    /** Fills the pipeline's names not given as options from the data directory's stack.properties. */
    void pipelineDefaults(Path dataDir) {
        PipelineNames names = PipelineNames.from(StackLocation.endpoints(dataDir));
        groupId = groupId != null ? groupId : names.speedGroupId();
        transactionalIdPrefix = transactionalIdPrefix != null ? transactionalIdPrefix : names.speedTransactionalIdPrefix();
        inputTopic = inputTopic != null ? inputTopic : names.eventsTopic();
        aggregatesTopic = aggregatesTopic != null ? aggregatesTopic : names.aggregatesTopic();
        dlqTopic = dlqTopic != null ? dlqTopic : names.deadLetterTopic();
        archiveDatabase = archiveDatabase != null ? archiveDatabase : names.hiveDatabase();
    }

    /** The job's options; {@link #pipelineDefaults} has filled the names. */
    JobOptions options(Path dataDir) {
        JobOptions o = JobOptions.defaults()
                .withBootstrap(kafka.bootstrap(DataDirOption.of(dataDir)))
                .withInputTopic(inputTopic).withAggregatesTopic(aggregatesTopic).withDeadLetterTopic(dlqTopic)
                .withGroupId(groupId).withTransactionalIdPrefix(transactionalIdPrefix)
                .withCheckpointInterval(checkpointInterval).withDedupTtl(dedupTtl).withAllowedLateness(lateness)
                .withEarlyFiringPeriod(earlyFiring).withOutOfOrderness(outOfOrderness).withIdleness(idleness)
                .withStateBackend(JobOptions.StateBackend.valueOf(stateBackend.toUpperCase(Locale.ROOT)))
                .withParallelism(parallelism).withFromEarliest(fromEarliest);
        // Given, it is used as is (the broker refuses the producers if it is above its maximum); else the broker is asked.
        o = o.withTransactionTimeout(transactionTimeout != null ? transactionTimeout
                : TransactionTimeout.brokerMaximum(o.bootstrap()));
        if (archive) {
            String url = hive.url(DataDirOption.of(dataDir));
            o = o.withArchiveDatabase(archiveDatabase).withArchiveTable(archiveTable).withArchiveGrace(archiveGrace)
                    .withHiveJdbcUrl(url).withHiveJdbcJar(hiveJdbcJar)
                    .withArchiveLocation(archiveLocation != null ? archiveLocation : defaultArchiveLocation(dataDir, url));
        }
        return o.withCheckpointDir(checkpointDir);
    }

    @Override
    public Integer call() throws Exception {
        Path dataDir = dir.dataDir();
        if (detach) {
            pipelineDefaults(dataDir);  // start() fills them for a run in this process
            return detach(dataDir);
        }
        try {
            JobClient client = start(dataDir);
            if (local) {
                Thread cancel = new Thread(() -> {
                    cancelled = true;
                    try {
                        client.cancel().get();
                    } catch (Exception ignored) {
                        // shutting down anyway
                    }
                }, "reckon-stream-cancel");
                Runtime.getRuntime().addShutdownHook(cancel);
                client.getJobExecutionResult().get();
            }
        } catch (Exception e) {
            if (cancelled) {
                return 0;  // Ctrl-C or kill: the job was cancelled, as asked
            }
            if (resumedFrom != null) {
                System.err.println("reckon stream: the job failed after resuming from " + resumedFrom.path()
                        + "; if that checkpoint does not fit this version of the job, start with --fresh or "
                        + "--restore another one");
            }
            throw e;
        }
        return 0;
    }

    /** Set by {@link #start}: whether the job runs on a local MiniCluster, and the checkpoint it resumed from. */
    boolean local;
    RetainedCheckpoints.Checkpoint resumedFrom;
    /** Set when Ctrl-C or kill cancels the job: its end is then no failure. */
    private volatile boolean cancelled;
    /** Completes once a started job has ended and its checkpoint directory is free again. */
    java.util.concurrent.CompletableFuture<Void> ended;

    /**
     * Submits the job and returns at once. A local run without {@code --restore} or {@code --fresh} resumes from the
     * newest retained checkpoint of the job's checkpoint directory (see {@link RetainedCheckpoints} for why); on a
     * cluster, {@code flink run -s} chooses.
     */
    JobClient start(Path dataDir) throws Exception {
        if (restore != null && fresh) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--restore and --fresh exclude each other");
        }
        local = StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
        pipelineDefaults(dataDir);
        String defaultDir = local && checkpointDir == null ? defaultCheckpointDir(dataDir) : null;  // checks the prefix
        JobOptions options = options(dataDir);
        Configuration conf = new Configuration();
        if (restore != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore);
        }
        CheckpointDirLock dirLock = null;
        JobClient client;
        try {  // until the job runs, a failure here must free the checkpoint directory again
            if (local) {
                LocalCluster.boundedRestarts(conf);  // a cluster keeps its own strategy
                if (defaultDir != null) {
                    options = options.withCheckpointDir(defaultDir);
                }
                if (options.checkpointDir() != null) {
                    dirLock = CheckpointDirLock.acquire(options.checkpointDir());
                }
            }
            Optional<RetainedCheckpoints.Checkpoint> newest = local && restore == null && !fresh
                    ? RetainedCheckpoints.choose(RetainedCheckpoints.all(options.checkpointDir()),
                            RetainedCheckpoints::unrestorable, resumeOlder, line -> System.out.println("reckon stream: "
                                    + line))
                    : Optional.empty();
            StartPlan plan = StartPlan.decide(local, restore != null, fresh, options.archiveEnabled(), fromEarliest,
                    newest, Instant.now(), options);
            resumedFrom = plan.resumeFrom().orElse(null);
            if (plan.lostOutput().isPresent()) {
                System.out.println("reckon stream: " + plan.lostOutput().get());
                options = options.withLostOutputCheckpoint(resumedFrom.number());
            }
            if (resumedFrom != null) {
                conf.set(StateRecoveryOptions.SAVEPOINT_PATH, resumedFrom.path());
                // The job's own checkpoint: the resumed job owns it and deletes it once subsumed, so restarts do not
                // pile up full copies of the dedup state. (--restore keeps Flink's default: never delete the user's.)
                conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
            }
            // Without state the source starts where the archive ends.
            String stateless = null;
            if (plan.offsetsFromArchive()) {
                Map.Entry<SortedMap<Integer, Long>, String> start = StartingOffsets.of(options);
                options = options.withStartingOffsets(start.getKey());
                stateless = start.getValue();
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(localConfig(conf));
            SpeedLayerJob job = SpeedLayerJob.onKafka(options);
            System.out.println("reckon stream: " + (local ? "local MiniCluster" : "cluster") + ", " + options);
            System.out.println("reckon stream: " + plan.describe(restore, options.checkpointDir(), fromEarliest,
                    inputTopic, stateless));
            client = job.executeAsync(env);
        } catch (Exception e) {
            if (dirLock != null) {
                dirLock.close();
            }
            throw e;
        }
        CheckpointDirLock held = dirLock;
        ended = client.getJobExecutionResult().handle((result, failure) -> {
            try {
                if (held != null) {
                    held.close();
                }
            } catch (IOException e) {
                System.err.println("reckon stream: releasing the checkpoint directory's lock: " + e.getMessage());
            }
            return null;
        });
        System.out.println("reckon stream: job " + client.getJobID() + " running; Ctrl-C cancels it (checkpoints in "
                + options.checkpointDir() + " are kept, and the next start resumes from the newest)");
        return client;
    }

    /** One directory per job (the transactional id prefix is unique per job), so a job resumes only its own state. */
    private String defaultCheckpointDir(Path dataDir) {
        if (!transactionalIdPrefix.matches("[A-Za-z0-9._-]+") || transactionalIdPrefix.matches("\\.+")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--transactional-id-prefix must be letters, "
                    + "digits, '.', '_' or '-' when it names the checkpoint directory (or give --checkpoint-dir)");
        }
        return dataDir.resolve("flink").resolve("checkpoints").resolve(transactionalIdPrefix).toUri().toString();
    }

    /** A local run's MiniCluster: listeners on {@code --bind-host}, the live counters and Prometheus reporters. */
    Configuration localConfig(Configuration conf) {
        return LocalCluster.listenersAndReporters(conf, bindHost, reportInterval, prometheusPort);
    }

    private int detach(Path dataDir) throws IOException {
        // refused here rather than in the background: the same check the detached run makes
        CheckpointDirLock free = CheckpointDirLock.acquire(checkpointDir != null ? checkpointDir
                : defaultCheckpointDir(dataDir));
        if (free != null) {
            free.close();
        }
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        args.removeIf("--detach"::equals);
        BackgroundRun.Started started = BackgroundRun.start(StreamMain.class, args, dataDir, "stream");
        System.out.println("reckon stream: running in the background, PID " + started.pid() + " (" + started.pidFile()
                + "), log " + started.log() + "; stop it with: kill " + started.pid());
        return 0;
    }

    /** The table's location in the metastore, else the local stack's warehouse layout (docs/contract.md §6.2). */
    private String defaultArchiveLocation(Path dataDir, String url) {
        return StackDefaults.archiveLocation(dataDir, url, hiveJdbcJar, archiveDatabase, archiveTable)
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                        "no --archive-location and no local stack: pass --archive-location or --no-archive"));
    }
}
