package io.reckon.generator;

import io.reckon.generator.output.RecordSink;
import io.reckon.generator.traffic.Intent;
import io.reckon.generator.traffic.OutgoingRecord;
import io.reckon.generator.traffic.TrafficConfig;
import io.reckon.generator.traffic.TrafficGenerator;
import io.reckon.generator.truth.GroundTruth;
import io.reckon.generator.truth.TruthFiles;
import io.reckon.schemas.key.DefaultPartitioner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One generator run: records go, in send order, to every sink and into the ground truth; the truth files are
 * written only after every sink closed cleanly (so a failed Kafka send never leaves a truth that claims it).
 */
public final class Generation {
    private final TrafficConfig config;
    private final int partitions;
    private final double ratePerSecond;

    /**
     * @param partitions    partition count of ad-events, to compute each record's partition
     * @param ratePerSecond records per second to pace sending at; 0 sends as fast as possible
     */
    public Generation(TrafficConfig config, int partitions, double ratePerSecond) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive");
        }
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        this.config = config;
        this.partitions = partitions;
        this.ratePerSecond = ratePerSecond;
    }

    /** Runs without a progress display: for other modules' tests and jobs that drive the generator as a library. */
    public GroundTruth run(List<RecordSink> sinks, Path truthDir) throws IOException {
        return run(sinks, truthDir, Progress.none());
    }

    GroundTruth run(List<RecordSink> sinks, Path truthDir, Progress progress) throws IOException {
        GroundTruth truth = new GroundTruth();
        EnumMap<Intent, Long> sentByIntent = new EnumMap<>(Intent.class);
        long[] partitionSeq = new long[partitions];
        TrafficGenerator traffic = new TrafficGenerator(config);
        long startNanos = System.nanoTime();
        try {
            while (traffic.hasNext()) {
                OutgoingRecord record = traffic.next();
                boolean keyless = record.key() == null;
                int partition = keyless ? (int) Math.floorMod(record.seq(), (long) partitions)
                        : DefaultPartitioner.partitionFor(record.key(), partitions);
                long seqInPartition = partitionSeq[partition]++;
                pace(record.seq(), startNanos);
                for (RecordSink sink : sinks) {
                    sink.write(record, partition, keyless, seqInPartition);
                }
                truth.accept(record.key(), record.value(), record.timestamp());
                sentByIntent.merge(record.intent(), 1L, Long::sum);
                progress.step();
            }
        } catch (IOException | RuntimeException e) {
            progress.close();
            closeAfterFailure(sinks, e);
            throw e;
        }
        progress.close();
        closeAll(sinks);
        TruthFiles.write(truthDir, truth, config, sentByIntent, partitions);
        return truth;
    }

    /** Waits until record {@code seq} is due at the configured rate. */
    private void pace(long seq, long startNanos) {
        if (ratePerSecond <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) (seq * 1e9 / ratePerSecond);
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static void closeAfterFailure(List<RecordSink> sinks, Exception failure) {
        for (RecordSink sink : sinks) {
            try {
                sink.close();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void closeAll(List<RecordSink> sinks) throws IOException {
        IOException first = null;
        for (RecordSink sink : sinks) {
            try {
                sink.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
