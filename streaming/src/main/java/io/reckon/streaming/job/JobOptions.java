package io.reckon.streaming.job;

import io.reckon.schemas.definitions.HiveTables;
import io.reckon.schemas.definitions.Topics;
import io.reckon.stack.location.DefaultEndpoints;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the speed layer can be told. Immutable; {@code with*} methods return a changed copy. The defaults are
 * the issue's: dedup TTL 1 h, early firings every 5 s; plus lateness 5 min (the generator's out-of-order events
 * are at most 2 min behind), bounded out-of-orderness 10 s, idleness 30 s, checkpoints every 5 s.
 */
public final class JobOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum StateBackend { HASHMAP, ROCKSDB }

    private String bootstrap = DefaultEndpoints.KAFKA_BOOTSTRAP;
    private String inputTopic = Topics.AD_EVENTS;
    private String aggregatesTopic = Topics.AD_STATS_MINUTE;
    private String deadLetterTopic = Topics.AD_EVENTS_DLQ;
    private String groupId = "reckon-speed";
    private String transactionalIdPrefix = "reckon-speed";
    private Duration checkpointInterval = Duration.ofSeconds(5);
    private Duration dedupTtl = Duration.ofHours(1);
    private Duration allowedLateness = Duration.ofMinutes(5);
    private Duration outOfOrderness = Duration.ofSeconds(10);
    private Duration idleness = Duration.ofSeconds(30);
    private Duration earlyFiringPeriod = Duration.ofSeconds(5);
    private Duration transactionTimeout = Duration.ofMinutes(10);
    private StateBackend stateBackend = StateBackend.HASHMAP;
    private String checkpointDir;
    private int parallelism = 2;
    private boolean fromEarliest;
    private String archiveLocation;
    private String archiveDatabase = "reckon";
    private String archiveTable = HiveTables.RAW;
    private Duration archiveGrace = Duration.ofMinutes(10);
    private String hiveJdbcUrl = DefaultEndpoints.HIVE_JDBC_URL;
    private String hiveJdbcJar;
    private long lostOutputCheckpoint;
    private java.util.TreeMap<Integer, Long> startingOffsets;

    public static JobOptions defaults() {
        return new JobOptions();
    }

    private JobOptions copy() {
        JobOptions o = new JobOptions();
        o.bootstrap = bootstrap;
        o.inputTopic = inputTopic;
        o.aggregatesTopic = aggregatesTopic;
        o.deadLetterTopic = deadLetterTopic;
        o.groupId = groupId;
        o.transactionalIdPrefix = transactionalIdPrefix;
        o.checkpointInterval = checkpointInterval;
        o.dedupTtl = dedupTtl;
        o.allowedLateness = allowedLateness;
        o.outOfOrderness = outOfOrderness;
        o.idleness = idleness;
        o.earlyFiringPeriod = earlyFiringPeriod;
        o.transactionTimeout = transactionTimeout;
        o.stateBackend = stateBackend;
        o.checkpointDir = checkpointDir;
        o.parallelism = parallelism;
        o.fromEarliest = fromEarliest;
        o.archiveLocation = archiveLocation;
        o.archiveDatabase = archiveDatabase;
        o.archiveTable = archiveTable;
        o.archiveGrace = archiveGrace;
        o.hiveJdbcUrl = hiveJdbcUrl;
        o.hiveJdbcJar = hiveJdbcJar;
        o.lostOutputCheckpoint = lostOutputCheckpoint;
        o.startingOffsets = startingOffsets;
        return o;
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    private static Duration notNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, got " + d);
        }
        return d;
    }

    public JobOptions withBootstrap(String v) { JobOptions o = copy(); o.bootstrap = Objects.requireNonNull(v); return o; }
    public JobOptions withInputTopic(String v) { JobOptions o = copy(); o.inputTopic = Objects.requireNonNull(v); return o; }
    public JobOptions withAggregatesTopic(String v) { JobOptions o = copy(); o.aggregatesTopic = Objects.requireNonNull(v); return o; }
    public JobOptions withDeadLetterTopic(String v) { JobOptions o = copy(); o.deadLetterTopic = Objects.requireNonNull(v); return o; }
    public JobOptions withGroupId(String v) { JobOptions o = copy(); o.groupId = Objects.requireNonNull(v); return o; }
    public JobOptions withTransactionalIdPrefix(String v) { JobOptions o = copy(); o.transactionalIdPrefix = Objects.requireNonNull(v); return o; }
    public JobOptions withCheckpointInterval(Duration v) { JobOptions o = copy(); o.checkpointInterval = positive(v, "checkpoint interval"); return o; }
    public JobOptions withDedupTtl(Duration v) { JobOptions o = copy(); o.dedupTtl = positive(v, "dedup TTL"); return o; }
    public JobOptions withAllowedLateness(Duration v) { JobOptions o = copy(); o.allowedLateness = notNegative(v, "allowed lateness"); return o; }
    public JobOptions withOutOfOrderness(Duration v) { JobOptions o = copy(); o.outOfOrderness = notNegative(v, "out-of-orderness"); return o; }
    public JobOptions withIdleness(Duration v) { JobOptions o = copy(); o.idleness = positive(v, "idleness"); return o; }
    public JobOptions withEarlyFiringPeriod(Duration v) { JobOptions o = copy(); o.earlyFiringPeriod = notNegative(v, "early-firing period"); return o; }
    public JobOptions withStateBackend(StateBackend v) { JobOptions o = copy(); o.stateBackend = Objects.requireNonNull(v); return o; }
    public JobOptions withCheckpointDir(String v) { JobOptions o = copy(); o.checkpointDir = v; return o; }
    public JobOptions withFromEarliest(boolean v) { JobOptions o = copy(); o.fromEarliest = v; return o; }
    /** The raw archive's table location URI (file:, hdfs:, s3:...); null = no archive. */
    public JobOptions withArchiveLocation(String v) { JobOptions o = copy(); o.archiveLocation = v; return o; }
    public JobOptions withArchiveDatabase(String v) { JobOptions o = copy(); o.archiveDatabase = Objects.requireNonNull(v); return o; }
    public JobOptions withArchiveTable(String v) { JobOptions o = copy(); o.archiveTable = Objects.requireNonNull(v); return o; }
    public JobOptions withArchiveGrace(Duration v) { JobOptions o = copy(); o.archiveGrace = notNegative(v, "archive grace"); return o; }
    public JobOptions withHiveJdbcUrl(String v) { JobOptions o = copy(); o.hiveJdbcUrl = Objects.requireNonNull(v); return o; }
    /** The hive-jdbc standalone jar; null = look in target/isolated and the local Maven repository. */
    public JobOptions withHiveJdbcJar(String v) { JobOptions o = copy(); o.hiveJdbcJar = v; return o; }

    /** At most the broker's transaction.max.timeout.ms ({@link TransactionTimeout}), or the producers are refused. */
    public JobOptions withTransactionTimeout(Duration v) {
        JobOptions o = copy();
        o.transactionTimeout = positive(v, "transaction timeout");
        return o;
    }

    /**
     * Where a start without state reads each partition of the input from ({@link StartingOffsets}); null = the
     * consumer group's committed offsets. A restored job goes on from its checkpoint's offsets either way.
     */
    public JobOptions withStartingOffsets(java.util.SortedMap<Integer, Long> v) {
        JobOptions o = copy();
        o.startingOffsets = v == null ? null : new java.util.TreeMap<>(v);
        return o;
    }

    /** The resumed checkpoint whose pre-committed output the broker aborted, for the job's gauge; 0 = none. */
    public JobOptions withLostOutputCheckpoint(long v) { JobOptions o = copy(); o.lostOutputCheckpoint = v; return o; }

    public JobOptions withParallelism(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        JobOptions o = copy();
        o.parallelism = v;
        return o;
    }

    public String bootstrap() { return bootstrap; }
    public String inputTopic() { return inputTopic; }
    public String aggregatesTopic() { return aggregatesTopic; }
    public String deadLetterTopic() { return deadLetterTopic; }
    public String groupId() { return groupId; }
    public String transactionalIdPrefix() { return transactionalIdPrefix; }
    public Duration checkpointInterval() { return checkpointInterval; }
    public Duration dedupTtl() { return dedupTtl; }
    public Duration allowedLateness() { return allowedLateness; }
    public Duration outOfOrderness() { return outOfOrderness; }
    public Duration idleness() { return idleness; }
    public Duration earlyFiringPeriod() { return earlyFiringPeriod; }
    public Duration transactionTimeout() { return transactionTimeout; }
    public StateBackend stateBackend() { return stateBackend; }
    /** Checkpoint directory URI, or null for the Flink default (JobManager memory). */
    public String checkpointDir() { return checkpointDir; }
    public int parallelism() { return parallelism; }
    /** Start from the earliest offsets instead of the group's committed offsets (earliest when none). */
    public boolean fromEarliest() { return fromEarliest; }
    public boolean archiveEnabled() { return archiveLocation != null; }
    public String archiveLocation() { return archiveLocation; }
    public String archiveDatabase() { return archiveDatabase; }
    public String archiveTable() { return archiveTable; }
    /** How far past an hour's end the watermark must be before the hour is marked complete. */
    public Duration archiveGrace() { return archiveGrace; }
    public String hiveJdbcUrl() { return hiveJdbcUrl; }
    public String hiveJdbcJar() { return hiveJdbcJar; }
    public long lostOutputCheckpoint() { return lostOutputCheckpoint; }
    public java.util.SortedMap<Integer, Long> startingOffsets() {
        return startingOffsets == null ? null : java.util.Collections.unmodifiableSortedMap(startingOffsets);
    }

    @Override
    public String toString() {
        return "bootstrap=" + bootstrap + " input=" + inputTopic + " aggregates=" + aggregatesTopic + " dlq="
                + deadLetterTopic + " group=" + groupId + " txPrefix=" + transactionalIdPrefix + " checkpoints="
                + checkpointInterval + " dedupTtl=" + dedupTtl + " lateness=" + allowedLateness + " outOfOrderness="
                + outOfOrderness + " idleness=" + idleness + " earlyFiring=" + earlyFiringPeriod + " txTimeout=" + transactionTimeout + " state="
                + stateBackend + " parallelism=" + parallelism + (archiveLocation == null ? " archive=off"
                : " archive=" + archiveDatabase + "." + archiveTable + "@" + archiveLocation + " grace=" + archiveGrace);
    }
}
