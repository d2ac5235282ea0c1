package io.reckon.streaming.job;

import io.reckon.schemas.aggregate.AggregateRow;
import io.reckon.schemas.definitions.HiveTables;
import io.reckon.streaming.archive.ArchiveCatalog;
import io.reckon.streaming.archive.ArchiveCompleteness;
import io.reckon.streaming.archive.ArchiveHours;
import io.reckon.streaming.archive.HiveJdbc;
import io.reckon.streaming.archive.HourBucketAssigner;
import io.reckon.streaming.archive.HourTouch;
import io.reckon.streaming.archive.RawArchiveWriterFactory;
import io.reckon.streaming.dedup.DeduplicateByEventId;
import io.reckon.streaming.dedup.EventIdKey;
import io.reckon.streaming.ingest.CountedEvent;
import io.reckon.streaming.ingest.EventTimeAssigner;
import io.reckon.streaming.ingest.IngressRecord;
import io.reckon.streaming.ingest.ValidateAndRoute;
import io.reckon.streaming.window.MinuteWindowAggregator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

import java.io.Serializable;
import java.util.function.UnaryOperator;

/**
 * The speed layer, in the style of the Flink training exercises: the job gets its source and sinks injected, and
 * {@link #buildTopology} wires them (used by {@code StreamMain} and by the tests alike):
 *
 * <pre>
 * source(ad-events, per-partition event-time watermarks) ─► validate ─┬─► keyBy(event_id) ─► dedup (TTL)
 *                                                                     │      ─► keyBy(grain row) ─► 1-min window ─► aggregates sink
 *                                                                     └─► dead letters sink            └─► late events (metric)
 * </pre>
 */
public final class SpeedLayerJob {
    public static final String UID_SOURCE = "ingress-source";
    public static final String UID_VALIDATE = "validate";
    public static final String UID_DEDUP = "dedup-by-event-id";
    public static final String UID_WINDOW = "minute-window";
    public static final String UID_AGGREGATES_SINK = "aggregates-sink";
    public static final String UID_DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String UID_ARCHIVE_SINK = "raw-archive-sink";
    public static final String UID_ARCHIVE_HOURS = "raw-archive-hours";
    public static final String UID_ARCHIVE_COMPLETENESS = "raw-archive-completeness";

    private final Source<IngressRecord, ?, ?> source;
    private final Sink<AggregateRow> aggregates;
    private final Sink<IngressRecord> deadLetters;
    private final JobOptions options;

    public SpeedLayerJob(Source<IngressRecord, ?, ?> source, Sink<AggregateRow> aggregates,
                         Sink<IngressRecord> deadLetters, JobOptions options) {
        this.source = source;
        this.aggregates = aggregates;
        this.deadLetters = deadLetters;
        this.options = options;
    }

    /** The production job: Kafka in, Kafka out. */
    public static SpeedLayerJob onKafka(JobOptions options) {
        return new SpeedLayerJob(KafkaConnectors.ingress(options), KafkaConnectors.aggregates(options),
                KafkaConnectors.deadLetters(options), options);
    }

    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        configure(env, options);
        buildTopology(env, source, aggregates, deadLetters, options, UnaryOperator.identity());
        return env.executeAsync("reckon speed layer");
    }

    /**
     * The Flink settings the job needs: exactly-once checkpoints, the state backend, checkpoint retention, and object
     * reuse between chained operators.
     *
     * <p>Object reuse: without it Flink deep-copies every record for every chained operator that consumes it, and
     * the source's records feed three (validate, the archive's file sink, archive hours), which cost about a seventh
     * of the source task's CPU in the benchmark. With it they share the one record. That is safe because no
     * function of this job changes a record it receives or keeps one beyond the call: the source makes a new
     * {@code IngressRecord} per Kafka record, validate only reads it, the file sink and the dead-letter sink encode it
     * at once, archive hours only reads its hour, and records that cross the network (keyBy, rebalance) are always
     * deserialized into new objects. Any new function must keep to that (the Flink rule for object reuse).
     */
    public static void configure(StreamExecutionEnvironment env, JobOptions options) {
        env.setParallelism(options.parallelism());
        env.getConfig().enableObjectReuse();
        env.enableCheckpointing(options.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND,
                options.stateBackend() == JobOptions.StateBackend.ROCKSDB ? "rocksdb" : "hashmap");
        if (options.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.checkpointDir());
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS,
                java.time.Duration.ofMillis(Math.min(500, options.checkpointInterval().toMillis() / 2)));
        env.configure(conf);
    }

    /** The streams of a built topology, for tests that look past the sinks. */
    public record Topology(DataStream<AggregateRow> aggregates, DataStream<IngressRecord> deadLetters,
                           DataStream<CountedEvent> lateEvents) {
    }

    /**
     * Wires source, validation, dedup, windows and sinks into {@code env}.
     *
     * @param tap applied to the ingress right after the source (tests inject failures here); identity in production
     */
    public static Topology buildTopology(StreamExecutionEnvironment env, Source<IngressRecord, ?, ?> source,
                                         Sink<AggregateRow> aggregates, Sink<IngressRecord> deadLetters,
                                         JobOptions options, UnaryOperator<DataStream<IngressRecord>> tap) {
        WatermarkStrategy<IngressRecord> watermarks = WatermarkStrategy
                .<IngressRecord>forBoundedOutOfOrderness(options.outOfOrderness())
                .withTimestampAssigner(new EventTimeAssigner())
                .withIdleness(options.idleness());
        DataStream<IngressRecord> ingress = tap.apply(env
                .fromSource(source, watermarks, "ad-events", TypeInformation.of(IngressRecord.class))
                .uid(UID_SOURCE));

        SingleOutputStreamOperator<CountedEvent> valid = ingress
                .process(new ValidateAndRoute(options.lostOutputCheckpoint()), TypeInformation.of(CountedEvent.class))
                .uid(UID_VALIDATE).name("validate");
        DataStream<IngressRecord> invalid = valid.getSideOutput(ValidateAndRoute.DEAD_LETTERS);

        SingleOutputStreamOperator<CountedEvent> firstCopies = valid
                .keyBy(new EventIdOf())
                .process(new DeduplicateByEventId(options.dedupTtl()), TypeInformation.of(CountedEvent.class))
                .uid(UID_DEDUP).name("dedup by event_id");

        SingleOutputStreamOperator<AggregateRow> rows = firstCopies
                .keyBy(new GrainKeyOf())
                .process(new MinuteWindowAggregator(options.allowedLateness(), options.earlyFiringPeriod()),
                        TypeInformation.of(AggregateRow.class))
                .uid(UID_WINDOW).name("1-minute windows");
        DataStream<CountedEvent> late = rows.getSideOutput(MinuteWindowAggregator.LATE);

        rows.sinkTo(aggregates).uid(UID_AGGREGATES_SINK).name("ad-stats-minute");
        invalid.sinkTo(deadLetters).uid(UID_DEAD_LETTER_SINK).name("ad-events-dlq");
        if (options.archiveEnabled()) {
            addArchive(ingress, options, archiveCatalog(options));
        }
        return new Topology(rows, invalid, late);
    }

    /** The metastore catalog of the options: hive-jdbc (isolated) on HiveServer2. */
    public static ArchiveCatalog.Factory archiveCatalog(JobOptions options) {
        return HiveJdbc.catalog(HiveJdbc.locateJar(options.hiveJdbcJar()), options.hiveJdbcUrl(),
                options.archiveDatabase(), options.archiveTable(), options.archiveLocation());
    }

    /**
     * The raw archive: every ingress record, valid or not, as a Parquet row of raw_ad_events in its dt/hr folder
     * (files roll and are committed on each checkpoint: exactly once), plus the bookkeeping that registers
     * partitions, marks complete hours and records hours touched after completion ({@link ArchiveCompleteness}).
     */
    public static void addArchive(DataStream<IngressRecord> ingress, JobOptions options,
                                  ArchiveCatalog.Factory catalog) {
        FileSink<IngressRecord> files = FileSink
                .forBulkFormat(new Path(options.archiveLocation()), new RawArchiveWriterFactory())
                .withBucketAssigner(new HourBucketAssigner())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet")
                        .build())
                .build();
        ingress.sinkTo(files).uid(UID_ARCHIVE_SINK).name(HiveTables.RAW);
        ingress.transform("archive hours", TypeInformation.of(HourTouch.class), new ArchiveHours())
                .uid(UID_ARCHIVE_HOURS)
                .transform("archive completeness", Types.VOID,
                        new ArchiveCompleteness(options.archiveLocation(), options.archiveGrace(), catalog))
                .uid(UID_ARCHIVE_COMPLETENESS).setParallelism(1).setMaxParallelism(1);
    }

    /** Dedup key. */
    public static final class EventIdOf implements KeySelector<CountedEvent, EventIdKey>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public EventIdKey getKey(CountedEvent event) {
            return event.eventId;  // built once per record, in CountedEvent.of; Flink asks for it twice
        }
    }

    /** Window key: the grain row, window_start included. */
    public static final class GrainKeyOf implements KeySelector<CountedEvent, String>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(CountedEvent event) {
            return event.grainKey;
        }
    }
}
