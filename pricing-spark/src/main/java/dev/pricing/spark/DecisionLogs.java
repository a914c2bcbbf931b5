package dev.pricing.spark;

import dev.pricing.api.FeatureContribution;
import dev.pricing.core.log.DecisionLogReader;
import dev.pricing.core.log.LogReadStats;
import dev.pricing.core.log.LoggedDecision;
import dev.pricing.core.log.LoggedOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Decision-log segments ({@code decisions-*.seg}, the format in docs/decision-log.md) as Spark Datasets. Each
 * segment is one unit of work: an executor copies it to a local scratch directory and reads it with the
 * library's own {@link DecisionLogReader} (every record's CRC32C verified, damaged bytes skipped and counted),
 * so a log on HDFS, S3 or a local directory reads as it does on one machine. Outcomes are joined to their
 * decisions by {@code (run_id, decision_id)} across all segments with a Spark join; several outcomes of one
 * decision are summed and the latest time kept, as the reader does.
 *
 * <p>Stateless and thread-safe.
 */
public final class DecisionLogs {

  /** The decision columns. */
  public static final StructType DECISIONS = DataTypes.createStructType(List.of(
      DataTypes.createStructField("run_id", DataTypes.StringType, false),
      DataTypes.createStructField("decision_id", DataTypes.LongType, false),
      DataTypes.createStructField("logged_at", DataTypes.TimestampType, false),
      DataTypes.createStructField("market_time", DataTypes.TimestampType, false),
      DataTypes.createStructField("product_id", DataTypes.StringType, false),
      DataTypes.createStructField("customer_pseudonym", DataTypes.StringType, false),
      DataTypes.createStructField("currency", DataTypes.StringType, false),
      DataTypes.createStructField("price", DataTypes.StringType, false),
      DataTypes.createStructField("proposed_price", DataTypes.StringType, false),
      DataTypes.createStructField("reference_price", DataTypes.StringType, false),
      DataTypes.createStructField("baseline_price", DataTypes.StringType, false),
      DataTypes.createStructField("expected_conversion", DataTypes.DoubleType, false),
      DataTypes.createStructField("expected_revenue", DataTypes.DoubleType, false),
      DataTypes.createStructField("expected_profit", DataTypes.DoubleType, false),
      DataTypes.createStructField("baseline_expected_profit", DataTypes.DoubleType, false),
      DataTypes.createStructField("propensity", DataTypes.DoubleType, false),
      DataTypes.createStructField("model_version", DataTypes.StringType, false),
      DataTypes.createStructField("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false),
      DataTypes.createStructField("binding_guardrail", DataTypes.StringType, true),
      DataTypes.createStructField("personalised", DataTypes.BooleanType, false),
      DataTypes.createStructField("fallback", DataTypes.BooleanType, false),
      DataTypes.createStructField("top_features", DataTypes.createArrayType(DataTypes.StringType, false), false),
      DataTypes.createStructField("feature_names", DataTypes.createArrayType(DataTypes.StringType, false), true),
      DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
      DataTypes.createStructField("segment", DataTypes.StringType, false)));

  /** The outcome columns. */
  public static final StructType OUTCOMES = DataTypes.createStructType(List.of(
      DataTypes.createStructField("run_id", DataTypes.StringType, false),
      DataTypes.createStructField("decision_id", DataTypes.LongType, false),
      DataTypes.createStructField("units", DataTypes.DoubleType, false),
      DataTypes.createStructField("time", DataTypes.TimestampType, false),
      DataTypes.createStructField("logged_at", DataTypes.TimestampType, false)));

  /** What reading the segments skipped, summed over segments. */
  public static final StructType STATS = DataTypes.createStructType(List.of(
      DataTypes.createStructField("segment", DataTypes.StringType, false),
      DataTypes.createStructField("unreadable_segments", DataTypes.IntegerType, false),
      DataTypes.createStructField("decisions", DataTypes.LongType, false),
      DataTypes.createStructField("outcomes", DataTypes.LongType, false),
      DataTypes.createStructField("corrupt_regions", DataTypes.LongType, false),
      DataTypes.createStructField("corrupt_bytes", DataTypes.LongType, false),
      DataTypes.createStructField("torn_tails", DataTypes.LongType, false),
      DataTypes.createStructField("torn_bytes", DataTypes.LongType, false),
      DataTypes.createStructField("undecodable_records", DataTypes.LongType, false)));

  private DecisionLogs() {}

  /**
   * Reads every decision of the segments under a directory (any Hadoop file system path).
   *
   * @param spark the session
   * @param directory the log directory
   * @return rows of {@link #DECISIONS}, without outcomes (see {@link #joined})
   */
  public static Dataset<Row> decisions(SparkSession spark, String directory) {
    JavaRDD<Row> rows = segments(spark, directory).flatMap(s -> read(s, (reader, name) -> {
      List<Row> out = new ArrayList<>();
      for (LoggedDecision d : reader.decisions()) {
        out.add(decisionRow(d, name));
      }
      return out;
    }).iterator());
    return spark.createDataFrame(rows, DECISIONS);
  }

  /**
   * Reads every outcome of the segments under a directory.
   *
   * @param spark the session
   * @param directory the log directory
   * @return rows of {@link #OUTCOMES}, one per logged outcome
   */
  public static Dataset<Row> outcomes(SparkSession spark, String directory) {
    JavaRDD<Row> rows = segments(spark, directory).flatMap(s -> read(s, (reader, name) -> {
      List<Row> out = new ArrayList<>();
      for (LoggedOutcome o : reader.outcomes()) {
        out.add(RowFactory.create(o.runId().toString(), o.decisionId(), o.units(), Timestamp.from(o.time()),
            Timestamp.from(o.loggedAt())));
      }
      return out;
    }).iterator());
    return spark.createDataFrame(rows, OUTCOMES);
  }

  /**
   * Returns what reading each segment skipped (the library's {@link LogReadStats}, per segment).
   *
   * @param spark the session
   * @param directory the log directory
   * @return rows of {@link #STATS}
   */
  public static Dataset<Row> stats(SparkSession spark, String directory) {
    JavaRDD<Row> rows = segments(spark, directory).map(s -> read(s, (reader, name) -> {
      LogReadStats st = reader.stats();
      return RowFactory.create(name, st.unreadableSegments(), st.decisions(), st.outcomes(), st.corruptRegions(),
          st.corruptBytes(), st.tornTails(), st.tornBytes(), st.undecodableRecords());
    }));
    return spark.createDataFrame(rows, STATS);
  }

  /**
   * Joins decisions with their outcomes: adds {@code units} (the sum of the decision's outcomes, 0 when none
   * was logged), {@code outcome_time} (the latest, null when none) and {@code has_outcome}.
   *
   * @param decisions rows of {@link #DECISIONS}
   * @param outcomes rows of {@link #OUTCOMES}
   * @return the joined rows
   */
  public static Dataset<Row> join(Dataset<Row> decisions, Dataset<Row> outcomes) {
    Dataset<Row> perDecision = outcomes.groupBy("run_id", "decision_id")
        .agg(functions.sum("units").as("outcome_units"), functions.max("time").as("outcome_time"));
    return decisions.join(perDecision, decisions.col("run_id").equalTo(perDecision.col("run_id"))
            .and(decisions.col("decision_id").equalTo(perDecision.col("decision_id"))), "left")
        .drop(perDecision.col("run_id")).drop(perDecision.col("decision_id"))
        .withColumn("has_outcome", functions.col("outcome_units").isNotNull())
        .withColumn("units", functions.coalesce(functions.col("outcome_units"), functions.lit(0.0)))
        .drop("outcome_units");
  }

  /**
   * Reads decisions and outcomes and joins them ({@link #join}).
   *
   * @param spark the session
   * @param directory the log directory
   * @return the joined rows
   */
  public static Dataset<Row> joined(SparkSession spark, String directory) {
    return join(decisions(spark, directory), outcomes(spark, directory));
  }

  private static JavaRDD<Tuple2<String, PortableDataStream>> segments(SparkSession spark, String directory) {
    Objects.requireNonNull(spark, "spark must not be null");
    if (directory == null || directory.isBlank()) {
      throw new IllegalArgumentException("directory must not be blank, found " + directory);
    }
    String glob = directory.endsWith("/") ? directory + "decisions-*.seg" : directory + "/decisions-*.seg";
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).binaryFiles(glob).rdd().toJavaRDD();
  }

  @FunctionalInterface
  private interface SegmentReader<T> {
    T apply(DecisionLogReader reader, String segmentName);
  }

  private static <T> T read(Tuple2<String, PortableDataStream> segment, SegmentReader<T> body) {
    String path = segment._1();
    String name = path.substring(path.lastIndexOf('/') + 1);
    Path dir = null;
    try {
      dir = Files.createTempDirectory("pricing-seg-");
      try (InputStream in = segment._2().open()) {
        Files.copy(in, dir.resolve(name));
      }
      return body.apply(DecisionLogReader.open(dir), name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read decision log segment " + path, e);
    } finally {
      if (dir != null) {
        deleteQuietly(dir);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // A scratch copy left behind in the temporary directory: nothing to recover.
    }
  }

  static Row decisionRow(LoggedDecision d, String segment) {
    List<String> top = new ArrayList<>();
    for (FeatureContribution c : d.contributions()) {
      top.add(c.feature());
    }
    Object names = null;
    Object values = null;
    if (d.features().isPresent()) {
      names = seq(d.features().get().schema().names());
      double[] v = d.features().get().toArray();
      List<Double> boxed = new ArrayList<>(v.length);
      for (double x : v) {
        boxed.add(x);
      }
      values = seq(boxed);
    }
    return RowFactory.create(d.runId().toString(), d.decisionId(), Timestamp.from(d.loggedAt()),
        Timestamp.from(d.marketTime()), d.productId(), d.customerPseudonym(), d.currency().getCurrencyCode(),
        d.price().toPlainString(), d.proposedPrice().toPlainString(), d.referencePrice().toPlainString(),
        d.baselinePrice().toPlainString(), d.expectedConversion(), d.expectedRevenue(), d.expectedProfit(),
        d.baselineExpectedProfit(), d.propensity(), d.modelVersion(), seq(d.reasons()),
        d.bindingGuardrail().orElse(null), d.personalised(), d.fallback(), seq(top), names, values, segment);
  }

  static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return scala.jdk.javaapi.CollectionConverters.asScala(list).toList();
  }
}
