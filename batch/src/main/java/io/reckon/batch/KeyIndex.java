package io.reckon.batch;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.sketch.BloomFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The batch layer's index of the archive's keys, so that cross-day dedup reads only what the day needs: one narrow
 * row per archived record that can be valid (a key, placed by event time), its key's 64-bit hash and its position.
 * Finding the other copies of a day's ids then reads the index's hash column (about 12 bytes a record on disk, all
 * columns) and, of the archive, only the rows whose key hash is one of the day's: the night still grows with the
 * archive's age, but by one pass over 8 bytes a record instead of reading and shuffling every key.
 *
 * <p>Exact because the index is a superset: every archive file is indexed before a lookup uses its day (files are
 * immutable; a file the index has not seen is indexed first, with {@link #refresh}), a hash match is only a
 * candidate (its row is read from the archive and its key compared exactly by the dedup), and a duplicate or stale
 * index row costs a lookup, never a count. It is an optimisation of the batch layer only, kept next to the raw table
 * and rebuilt from the archive at any time (delete the folder); an audit re-proves a number from the archive itself.
 *
 * <p>Layout: {@code <location>/dt=<dt>/w=<writer>/part-*.parquet} (read as one table partitioned by dt and w) and,
 * written after the Parquet files are committed, {@code w=<writer>/_SOURCES}: the archive files that writer indexed,
 * one path a line. Writers never overwrite, so two batch runs may index the same day at once (each its own folder,
 * both correct); nothing needs a lease.
 */
public final class KeyIndex {
    /** An index row. */
    public static final StructType SCHEMA = new StructType()
            .add("key_hash", DataTypes.LongType, false)
            .add("kafka_partition", DataTypes.IntegerType, false)
            .add("kafka_offset", DataTypes.LongType, false);
    /** How the index is read: its rows and the partition columns of its paths. */
    private static final StructType READ_SCHEMA = SCHEMA
            .add("dt", DataTypes.StringType, false)
            .add("w", DataTypes.StringType, false);
    /** The columns of an archive file the index reads (older files may lack a later one: then it is null). */
    private static final StructType ARCHIVE_COLUMNS = new StructType()
            .add("record_key", DataTypes.BinaryType, true)
            .add("kafka_partition", DataTypes.IntegerType, true)
            .add("kafka_offset", DataTypes.LongType, true)
            .add("placed_by_record_time", DataTypes.BooleanType, true);
    static final String SOURCES = "_SOURCES";
    private static final Pattern DT = Pattern.compile("/dt=([^/]+)/");
    /** False positives of the Bloom filter that narrows the index before the exact check. */
    private static final double BLOOM_FPP = 0.001;

    private final SparkSession spark;
    private final String location;
    private final Progress progress;

    public KeyIndex(SparkSession spark, String location, Progress progress) {
        this.spark = spark;
        this.location = withoutTrailingSlash(location);
        this.progress = progress;
    }

    /** The index of a raw table: a folder next to the table's own ({@code .../raw_ad_events_key_index}). */
    public static String locationFor(String rawTableLocation) {
        return withoutTrailingSlash(rawTableLocation) + "_key_index";
    }

    private static String withoutTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The hash the index keeps of a key: Spark's xxhash64 of its bytes (the same on both sides of the join). */
    public static Column keyHash(Column recordKey) {
        return xxhash64(recordKey);
    }

    /**
     * The archive files of {@code archive} (rows of the raw table, filtered on partition columns only) per dt, as
     * Spark lists them for a read; empty if a file's path names no dt (a partition placed elsewhere), for then the
     * index cannot say which day a file holds.
     */
    public static java.util.Optional<Map<String, List<String>>> filesByDt(Dataset<Row> archive) {
        Map<String, List<String>> byDt = new TreeMap<>();
        for (String file : archive.inputFiles()) {
            Matcher m = DT.matcher(file);
            if (!m.find()) {
                return java.util.Optional.empty();
            }
            byDt.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(file);
        }
        return java.util.Optional.of(byDt);
    }

    /** The archive files the index covers for {@code dt}: those listed by a writer's {@link #SOURCES}. */
    public Set<String> covered(String dt) {
        Set<String> files = new HashSet<>();
        Path day = new Path(location, "dt=" + dt);
        try {
            FileSystem fs = day.getFileSystem(conf());
            if (!fs.exists(day)) {
                return files;
            }
            for (FileStatus writer : fs.listStatus(day)) {
                Path sources = new Path(writer.getPath(), SOURCES);
                if (writer.isDirectory() && fs.exists(sources)) {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(sources),
                            StandardCharsets.UTF_8))) {
                        in.lines().filter(l -> !l.isBlank()).forEach(files::add);
                    }
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key index at " + day, e);
        }
    }

    /**
     * Indexes the files of {@code filesByDt} the index does not cover yet, a day at a time; returns how many files
     * were indexed. Cost: the new files only (a day's own archive, late files of earlier days).
     */
    public int refresh(Map<String, List<String>> filesByDt) {
        int indexed = 0;
        for (Map.Entry<String, List<String>> day : filesByDt.entrySet()) {
            Set<String> covered = covered(day.getKey());
            List<String> fresh = day.getValue().stream().filter(f -> !covered.contains(f)).sorted().toList();
            if (!fresh.isEmpty()) {
                long t = System.nanoTime();
                index(day.getKey(), fresh);
                indexed += fresh.size();
                progress.info(String.format(Locale.ROOT, "key index: dt=%s, %d new archive file(s) indexed in %.1f s",
                        day.getKey(), fresh.size(), (System.nanoTime() - t) / 1e9));
            }
        }
        return indexed;
    }

    private void index(String dt, List<String> files) {
        Path writer = new Path(new Path(location, "dt=" + dt), "w=" + System.currentTimeMillis() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        spark.read().schema(ARCHIVE_COLUMNS).parquet(files.toArray(new String[0]))
                .where(col("record_key").isNotNull()
                        .and(coalesce(col("placed_by_record_time"), lit(false)).equalTo(lit(false))))
                .select(keyHash(col("record_key")).as("key_hash"), col("kafka_partition"), col("kafka_offset"))
                .write().parquet(writer.toString());
        try {
            FileSystem fs = writer.getFileSystem(conf());
            try (FSDataOutputStream out = fs.create(new Path(writer, SOURCES), false)) {
                out.write((String.join("\n", files) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the sources of the key index at " + writer, e);
        }
    }

    /**
     * The positions (dt, kafka_partition, kafka_offset), among the index rows of {@code dts}, whose key hash is the
     * hash of one of {@code targetValid}'s keys: the only archive rows outside the target that can be another copy
     * of one of its ids. Nothing large is joined or shuffled: a Bloom filter of the target's hashes tests the hash
     * column of every consulted day (about 0.1 % passes), the few hashes that passed are checked exactly against the
     * target's, and only the days holding one of those are read again for their positions. Computed when called.
     *
     * @param expectedKeys about how many keys the target has (sizes the Bloom filter; an upper bound is fine)
     */
    public Dataset<Row> candidates(Dataset<Row> targetValid, Collection<String> dts, long expectedKeys) {
        Dataset<Row> hashes = targetValid.select(col("key_hash").as("h"));
        List<String> days = dts.stream().map(dt -> location + "/dt=" + dt).filter(d -> exists(new Path(d))).toList();
        if (days.isEmpty()) {
            return noCandidates();
        }
        // One scan of the consulted days (partition columns dt and w from the paths, as strings).
        Dataset<Row> index = spark.read().schema(READ_SCHEMA).option("basePath", location)
                .parquet(days.toArray(new String[0]));
        BloomFilter bloom = hashes.stat().bloomFilter("h", Math.max(1L, expectedKeys), BLOOM_FPP);
        if (bloom == null) { // Spark gives no filter for no rows: the target has no valid key to look up
            return noCandidates();
        }
        // Pass 1, every consulted day, the hash column only: what the Bloom filter lets through (about 0.1 %).
        List<Row> passedRows = index.select("key_hash", "dt").where(mightContain(bloom, col("key_hash")))
                .collectAsList();
        Set<Long> passed = new HashSet<>();
        passedRows.forEach(r -> passed.add(r.getLong(0)));
        // Exactly: which of those are the hash of one of the target's keys.
        Set<Long> shared = new HashSet<>(hashes.where(in(passed).apply(col("h"))).distinct().as(Encoders.LONG())
                .collectAsList());
        Set<String> holding = new java.util.TreeSet<>();
        passedRows.stream().filter(r -> shared.contains(r.getLong(0))).forEach(r -> holding.add(r.getString(1)));
        // Pass 2, only the days that hold one: their positions.
        return index.where(col("dt").isin((Object[]) holding.toArray(new String[0])))
                .where(in(shared).apply(col("key_hash"))).select("dt", "kafka_partition", "kafka_offset");
    }

    private Dataset<Row> noCandidates() {
        return spark.createDataFrame(List.of(), READ_SCHEMA).select("dt", "kafka_partition", "kafka_offset");
    }

    /**
     * Spark's own Bloom filter test (the expression its runtime join filters use: generated code, no boxing), with
     * the filter as a literal: the index scan tests millions of rows a second a core.
     */
    private static Column mightContain(BloomFilter bloom, Column value) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            bloom.writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Column(new org.apache.spark.sql.catalyst.expressions.BloomFilterMightContain(
                lit(bytes.toByteArray()).expr(), value.expr()));
    }

    /** A predicate: the long column's value is one of {@code values} (shipped once to each executor). */
    private UserDefinedFunction in(Set<Long> values) {
        Broadcast<Set<Long>> shared = context().broadcast(values);
        return udf((org.apache.spark.sql.api.java.UDF1<Long, Boolean>) h -> shared.value().contains(h),
                DataTypes.BooleanType);
    }

    private JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    private boolean exists(Path path) {
        try {
            return path.getFileSystem(conf()).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key index at " + path, e);
        }
    }

    private Configuration conf() {
        return spark.sparkContext().hadoopConfiguration();
    }

    /**
     * The other copies of the target's ids among {@code others} (rows of the raw table outside the target, filtered
     * on partition columns only), found through the index: its files are listed and any the index does not cover
     * are indexed now; then only the candidate positions are read. If the files' paths name no day, every row of
     * {@code others} with one of the target's keys, as without an index.
     *
     * @param expectedKeys about how many keys the target has (an upper bound is fine)
     */
    public BatchPipeline.Neighbours neighboursIn(Dataset<Row> others, long expectedKeys) {
        Dataset<Row> canBeValid = others.where(col("placed_by_record_time").equalTo(lit(false)));
        long t = System.nanoTime();
        java.util.Optional<Map<String, List<String>>> files = filesByDt(others);
        progress.info(String.format(Locale.ROOT, "key index: the archive's files of %d other day(s) listed in %.1f s",
                files.map(Map::size).orElse(0), (System.nanoTime() - t) / 1e9));
        if (files.isEmpty()) {
            progress.info("key index not used: an archive file's path names no dt; the whole archive is read");
            return BatchPipeline.Neighbours.sameKeyIn(canBeValid);
        }
        refresh(files.get());
        return targetValid -> {
            Dataset<Row> found = BatchJob.materialize(spark,
                    candidates(targetValid, files.get().keySet(), expectedKeys));
            List<String> dts = new ArrayList<>();
            long positions = 0;
            for (Row r : found.groupBy("dt").count().collectAsList()) {
                dts.add(r.getString(0));
                positions += r.getLong(1);
            }
            progress.info(String.format(Locale.ROOT, "key index: %,d position(s) in %d other day(s) may hold a "
                    + "copy of the day's ids (%d day(s) indexed)", positions, dts.size(), files.get().size()));
            Dataset<Row> rows = canBeValid.where(col("dt").isin((Object[]) dts.toArray(new String[0])));
            Dataset<Row> at = positions <= BatchPipeline.BROADCAST_MAX_ROWS ? broadcast(found) : found;
            return rows.join(at, rows.col("dt").equalTo(at.col("dt"))
                    .and(rows.col("kafka_partition").equalTo(at.col("kafka_partition")))
                    .and(rows.col("kafka_offset").equalTo(at.col("kafka_offset"))), "left_semi");
        };
    }

    @Override
    public String toString() {
        return "the key index at " + location;
    }
}
