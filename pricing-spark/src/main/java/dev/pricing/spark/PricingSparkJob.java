package dev.pricing.spark;

import dev.pricing.api.DemandKind;
import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.GbdtOptions;
import dev.pricing.core.demand.GlmOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point for the standard feature set ({@link FeatureExtractors#standard()}).
 * A deployment with its own extractors or engine configuration writes its own main against
 * {@link SparkDemandTrainer} and {@link BatchPricing}; this one covers the common case and is what
 * docs/spark.md submits.
 *
 * <pre>
 * train --offers PATH [--format parquet|csv] [--kind conversion|units] [--model glm|gbdt] [--ridge 1]
 *       [--ipw CAP] [--smoothing C (glm)] [--trees 300] [--depth 4] [--workers 1] [--version V] --artifact PATH
 * price --requests PATH [--format parquet|csv] --artifact PATH --out PATH [--min-margin 0.1] [--max-change 0.2]
 * </pre>
 *
 * <p>{@code --model glm} (the default) trains the GLM ({@link SparkDemandTrainer}); {@code --model gbdt} the
 * monotone boosted trees ({@link SparkGbdtTrainer}, the core's default GBDT options with {@code --trees} rounds at
 * most and depth {@code --depth}, correcting the GLM with ridge {@code --ridge}). {@code --ipw CAP} weights each
 * offer by {@code min(1/propensity, CAP)}. An option of the other model is refused, naming it.
 *
 * <p>Paths are Hadoop paths ({@code hdfs://}, {@code s3a://}, {@code file://}, or relative). The artifact is
 * written once, from the driver. Not thread-safe (a main).
 */
public final class PricingSparkJob {
  private PricingSparkJob() {}

  /**
   * Runs a command.
   *
   * @param args the command and its options
   * @throws IOException if the artifact cannot be written or read
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> o = options(args);
    SparkSession spark = SparkSession.builder().appName("pricing-" + args[0]).getOrCreate();
    try {
      run(spark, args[0], o);
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs a command on a session (which it leaves open).
   *
   * @param spark the session
   * @param command {@code train} or {@code price}
   * @param o the options, without the leading dashes
   * @throws IOException if the artifact cannot be written or read
   */
  static void run(SparkSession spark, String command, Map<String, String> o) throws IOException {
    if (command.equals("train")) {
      train(spark, o);
    } else {
      price(spark, o);
    }
  }

  static void train(SparkSession spark, Map<String, String> o) throws IOException {
    String offersPath = require(o, "offers");
    String artifactPath = require(o, "artifact");
    String kindName = o.getOrDefault("kind", "conversion");
    DemandKind kind = switch (kindName) {
      case "conversion" -> DemandKind.CONVERSION_PROBABILITY;
      case "units" -> DemandKind.EXPECTED_UNITS;
      default -> throw new IllegalArgumentException("--kind must be conversion or units, found '" + kindName + "'");
    };
    String model = o.getOrDefault("model", "glm");
    if (!model.equals("glm") && !model.equals("gbdt")) {
      throw new IllegalArgumentException("--model must be glm or gbdt, found '" + model + "'");
    }
    for (String only : model.equals("glm") ? new String[] {"trees", "depth", "workers"} : new String[] {"smoothing"}) {
      if (o.containsKey(only)) {
        throw new IllegalArgumentException("--" + only + " applies to --model " + (model.equals("glm") ? "gbdt" : "glm")
            + " only, not to --model " + model);
      }
    }
    GlmOptions glm = GlmOptions.DEFAULTS.withRidge(Double.parseDouble(o.getOrDefault("ridge", "1")));
    Dataset<Row> offers = read(spark, offersPath, o.getOrDefault("format", "parquet"));
    SparkTrainingResult res;
    if (model.equals("glm")) {
      SparkDemandTrainer.Builder b = SparkDemandTrainer.builder(kind).extractors(FeatureExtractors::standard).glm(glm);
      if (o.containsKey("smoothing")) {
        b.unitsSmoothing(Double.parseDouble(o.get("smoothing")));
      }
      if (o.containsKey("ipw")) {
        b.inversePropensityWeighting(Double.parseDouble(o.get("ipw")));
      }
      if (o.containsKey("version")) {
        b.version(o.get("version"));
      }
      res = b.build().train(offers);
    } else {
      GbdtOptions g = GbdtOptions.DEFAULTS.withBase(glm).withTrees(
          Integer.parseInt(o.getOrDefault("trees", String.valueOf(GbdtOptions.DEFAULTS.trees()))),
          Integer.parseInt(o.getOrDefault("depth", String.valueOf(GbdtOptions.DEFAULTS.maxDepth()))));
      SparkGbdtTrainer.Builder b = SparkGbdtTrainer.builder(kind).extractors(FeatureExtractors::standard).gbdt(g)
          .workers(Integer.parseInt(o.getOrDefault("workers", "1")));
      if (o.containsKey("ipw")) {
        b.inversePropensityWeighting(Double.parseDouble(o.get("ipw")));
      }
      if (o.containsKey("version")) {
        b.version(o.get("version"));
      }
      res = b.build().train(offers);
    }
    write(spark, artifactPath, res.artifact());
    System.out.println("trained " + res.model() + " on " + res.rows() + " offers, input hash " + res.inputHash()
        + ", " + res.iterations() + (model.equals("glm") ? " iterations" : " trees") + "; artifact " + artifactPath);
  }

  static void price(SparkSession spark, Map<String, String> o) throws IOException {
    Dataset<Row> requests = read(spark, require(o, "requests"), o.getOrDefault("format", "parquet"));
    byte[] artifact = readBytes(spark, require(o, "artifact"));
    double minMargin = Double.parseDouble(o.getOrDefault("min-margin", "0.1"));
    double maxChange = Double.parseDouble(o.getOrDefault("max-change", "0.2"));
    EngineFactory engines = model -> PricingEngine.builder().extractors(FeatureExtractors.standard())
        .demandModel(model).guardrail(Guardrail.minimumMargin(minMargin)).guardrail(Guardrail.maxChange(maxChange))
        .ladder(PriceLadder.NINETY_NINE).build();
    BatchPricing.writeDecisions(BatchPricing.price(requests, artifact, engines),
        require(o, "out"));
  }

  static Dataset<Row> read(SparkSession spark, String path, String format) {
    return switch (format) {
      case "parquet" -> OfferLogs.readParquet(spark, path);
      case "csv" -> OfferLogs.readCsv(spark, path);
      default -> throw new IllegalArgumentException("--format must be parquet or csv, found '" + format + "'");
    };
  }

  static void write(SparkSession spark, String path, byte[] bytes) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path p = new Path(path);
    try (OutputStream out = FileSystem.get(URI.create(path), conf).create(p, true)) {
      out.write(bytes);
    }
  }

  static byte[] readBytes(SparkSession spark, String path) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try (InputStream in = FileSystem.get(URI.create(path), conf).open(new Path(path))) {
      return in.readAllBytes();
    }
  }

  static Map<String, String> options(String[] args) {
    if (args.length == 0 || !(args[0].equals("train") || args[0].equals("price"))) {
      throw new IllegalArgumentException("usage: train|price --option value ...; found "
          + (args.length == 0 ? "no arguments" : "'" + args[0] + "'"));
    }
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("options are --name value pairs; found '" + args[i] + "'");
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    return o;
  }

  static String require(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
