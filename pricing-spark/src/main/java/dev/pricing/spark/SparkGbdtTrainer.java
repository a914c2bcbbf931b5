package dev.pricing.spark;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.core.demand.CandidatePriceFeature;
import dev.pricing.core.demand.CandidatePriceFeatures;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.GbdtOptions;
import dev.pricing.core.demand.GlmCoefficients;
import dev.pricing.core.demand.TrainedDemandModel;
import dev.pricing.core.demand.TrainingProvenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains the library's monotone boosted trees for conversion ({@link DemandAlgorithm#GBDT_CONVERSION}) on a Spark
 * cluster with XGBoost4J-Spark, and exports the library's own GBDT artifact
 * ({@link TrainedDemandModel#fromXgboostJson}), which {@code PricingEngine} loads unchanged.
 *
 * <p>As the core's {@code GbdtAlgorithm}: the columns are the schema's inputs then the candidate-price features at
 * the offered price ({@link GbdtOptions#priceFeatures()} or the defaults the schema can compute), every price
 * feature carries a monotone constraint ({@code -1} where the feature rises with price, {@code +1} where it falls),
 * and with {@link GbdtOptions#base()} set the trees correct a GLM: the GLM is trained first on Spark
 * ({@link SparkDemandTrainer}, same price features) and its linear predictor is each row's XGBoost base margin, so
 * the artifact scores {@code sigmoid(glm margin + trees)}. XGBoost's {@code hist} method with the options' trees,
 * depth, eta, minimum child weight, subsample, lambda and 256 bins. Differences from one machine: no early stopping
 * (every round is kept; {@link GbdtOptions#earlyStoppingRounds()} does not apply), and XGBoost's distributed
 * sketch decides the bins, so trees are not bit-identical to a single-machine fit on the same rows.
 *
 * <p>Immutable and thread-safe; {@link #train} runs Spark jobs on the Dataset's session.
 */
public final class SparkGbdtTrainer {
  private final ExtractorFactory extractors;
  private final GbdtOptions options;
  private final int workers;
  private final long seed;
  private final double baseMllibTol;
  private final String version;

  private SparkGbdtTrainer(Builder b) {
    this.extractors = b.extractors;
    this.options = b.options;
    this.workers = b.workers;
    this.seed = b.seed;
    this.baseMllibTol = b.baseMllibTol;
    this.version = b.version;
    SparkFeatures.requireProduced(SparkFeatures.schemaOf(extractors), priceFeatures(SparkFeatures.schemaOf(extractors)));
  }

  /**
   * Starts a trainer.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  List<CandidatePriceFeature> priceFeatures(FeatureSchema schema) {
    return options.priceFeatures().isEmpty()
        ? SparkFeatures.availableDefaults(DemandAlgorithm.GBDT_CONVERSION, schema) : options.priceFeatures();
  }

  private static final StructType DATA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("features", new VectorUDT(), false),
      DataTypes.createStructField("label", DataTypes.DoubleType, false),
      DataTypes.createStructField("base_margin", DataTypes.DoubleType, false)));

  /**
   * Extracts features, trains the base GLM (if configured) and the trees, and exports the artifact.
   *
   * @param offers rows of {@link OfferLogs#SCHEMA}
   * @return the model, its artifact and what the run did ({@link SparkTrainingResult#coefficients()} is the base
   *     GLM's, or null; {@link SparkTrainingResult#iterations()} the number of trees)
   * @throws IllegalArgumentException if the log is empty, has one outcome only or a single price point, or the
   *     base GLM does not converge
   */
  public SparkTrainingResult train(Dataset<Row> offers) {
    return fit(offers).result();
  }

  /** A run's result with XGBoost's own model and the rows it trained on (lazy), for verification. */
  record Fitted(SparkTrainingResult result, XGBoostClassificationModel xgboost, Dataset<Row> data) {}

  Fitted fit(Dataset<Row> offers) {
    Objects.requireNonNull(offers, "offers must not be null");
    FeatureSchema schema = SparkFeatures.schemaOf(extractors);
    List<CandidatePriceFeature> pf = priceFeatures(schema);
    int n = schema.size();
    int m = pf.size();
    String list = CandidatePriceFeatures.LIST_PRICE;
    int listIdx = schema.require(list);
    GlmCoefficients base = null;
    String baseDescription = "trees alone";
    if (options.base() != null) {
      SparkTrainingResult glm = SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY).extractors(extractors)
          .glm(options.base().withPriceFeatures(pf)).mllibTolerance(baseMllibTol).version("base").build()
          .train(offers);
      base = glm.coefficients();
      baseDescription = "correcting " + glm.model().provenance().trainer();
    }
    Dataset<Row> features = SparkFeatures.extract(offers, extractors, pf, list)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      SparkDemandTrainer.Stats s = features.javaRDD().treeAggregate(new SparkDemandTrainer.Stats(n + m),
          (st, r) -> st.add(r, listIdx, true, 0, 0), SparkDemandTrainer.Stats::merge);
      SparkDemandTrainer.refuseUnfit(s, true, 0, 0);
      boolean withBase = base != null;
      double constant = withBase ? base.constant() : 0;
      double[] w = withBase ? base.inputWeights() : new double[n];
      double[] slopes = withBase ? base.priceSlopes() : new double[m];
      double[] gamma = withBase ? base.slopeWeights() : new double[0];
      int[] slopeIdx = withBase ? base.slopeInputs().stream().mapToInt(schema::require).toArray() : new int[0];
      boolean primaryIncreasing = pf.get(0).direction() == CandidatePriceFeature.Direction.INCREASING;
      Dataset<Row> data = features.map((MapFunction<Row, Row>) r -> {
        double[] v = SparkDemandTrainer.vector(r);
        double margin = withBase
            ? SparkDemandTrainer.predictor(v, n, m, constant, w, slopes, slopeIdx, gamma, primaryIncreasing)[0] : 0;
        return RowFactory.create(Vectors.dense(v), SparkDemandTrainer.label(r, true, 0), margin);
      }, Encoders.row(DATA));
      StringBuilder monotone = new StringBuilder("(");
      for (int j = 0; j < n + m; j++) {
        if (j > 0) {
          monotone.append(',');
        }
        monotone.append(j < n ? 0 : pf.get(j - n).direction() == CandidatePriceFeature.Direction.INCREASING ? -1 : 1);
      }
      monotone.append(')');
      Map<String, Object> p = new HashMap<>();
      p.put("objective", "binary:logistic");
      p.put("tree_method", "hist");
      p.put("max_depth", options.maxDepth());
      p.put("eta", options.eta());
      p.put("min_child_weight", options.minChildWeight());
      p.put("subsample", options.subsample());
      p.put("lambda", options.lambda());
      p.put("max_bin", 256);
      p.put("seed", seed);
      p.put("monotone_constraints", monotone.toString());
      p.put("num_round", options.trees());
      p.put("num_workers", workers);
      XGBoostClassifier xgb = new XGBoostClassifier(scala.collection.immutable.Map$.MODULE$.from(
          scala.jdk.javaapi.CollectionConverters.asScala(p)));
      xgb.setFeaturesCol("features");
      xgb.setLabelCol("label");
      if (withBase) {
        xgb.setBaseMarginCol("base_margin");
      }
      XGBoostClassificationModel fitted = xgb.fit(data);
      byte[] json;
      try {
        json = fitted.nativeBooster().toByteArray("json");
      } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
        throw new IllegalStateException("XGBoost could not save the trained booster: " + e.getMessage(), e);
      }
      String hash = String.format(Locale.ROOT, "%016x", s.hash);
      List<String> notes = new ArrayList<>();
      notes.add("trained on Spark " + offers.sparkSession().version() + " (XGBoost4J-Spark " + xgboostVersion() + ")");
      notes.add("rows " + s.rows);
      notes.add("input hash " + hash + " (wrapping sum of 64-bit row fingerprints)");
      String trainer = String.format(Locale.ROOT, "%s: XGBoost4J-Spark binary:logistic, %d rounds, all kept (depth %d, "
          + "eta %s, hist, %d workers, no early stopping), monotone in %s, %s", DemandAlgorithm.GBDT_CONVERSION.id(),
          options.trees(), options.maxDepth(), options.eta(), workers,
          pf.stream().map(CandidatePriceFeature::name).toList(), baseDescription);
      TrainingProvenance prov = new TrainingProvenance(Instant.now(), s.rows, 0, Instant.ofEpochMilli(s.firstMillis),
          Instant.ofEpochMilli(s.lastMillis), "none (every offer trains on Spark; hold out a Dataset to evaluate)",
          trainer, seed, notes);
      String v = version != null ? version : DemandAlgorithm.GBDT_CONVERSION.id() + "-spark-" + prov.trainedAt();
      TrainedDemandModel model = TrainedDemandModel.fromXgboostJson(DemandAlgorithm.GBDT_CONVERSION, v, schema, pf,
          list, Arrays.copyOf(s.mean, n), json, base, Double.POSITIVE_INFINITY, prov);
      List<String> names = SparkFeatures.featureNames(schema, pf);
      return new Fitted(new SparkTrainingResult(model, model.toBytes(), s.rows, hash, options.trees(), names,
          Double.NaN, base), fitted, data);
    } finally {
      features.unpersist();
    }
  }

  /** The bundled xgboost4j's version, from the jar's {@code xgboost4j-version.properties}. */
  static String xgboostVersion() {
    try (java.io.InputStream in = XGBoostClassifier.class.getClassLoader()
        .getResourceAsStream("xgboost4j-version.properties")) {
      java.util.Properties props = new java.util.Properties();
      if (in != null) {
        props.load(in);
      }
      return props.getProperty("version", "unknown version");
    } catch (java.io.IOException e) {
      return "unknown version";
    }
  }

  /** Configures a {@link SparkGbdtTrainer}; not thread-safe. */
  public static final class Builder {
    private ExtractorFactory extractors;
    private GbdtOptions options = GbdtOptions.DEFAULTS;
    private int workers = 1;
    private long seed = 12345L;
    private double baseMllibTol = 1e-12;
    private String version;

    private Builder() {}

    /**
     * Sets MLlib's L-BFGS tolerance for the base GLM (default 1e-12, as {@link SparkDemandTrainer}); the GLM must
     * still meet its {@link dev.pricing.core.demand.GlmOptions#tolerance()} criterion.
     *
     * @param t in (0, 1)
     * @return this
     */
    public Builder baseMllibTolerance(double t) {
      if (!(t > 0 && t < 1)) {
        throw new IllegalArgumentException("baseMllibTolerance must be in (0, 1), found " + t);
      }
      this.baseMllibTol = t;
      return this;
    }

    /**
     * Sets the engine's extractors (required).
     *
     * @param f the recipe
     * @return this
     */
    public Builder extractors(ExtractorFactory f) {
      this.extractors = Objects.requireNonNull(f, "extractors must not be null");
      return this;
    }

    /**
     * Sets the trees' options, as for the single-machine trainer (default {@link GbdtOptions#DEFAULTS}).
     *
     * @param o the options
     * @return this
     */
    public Builder gbdt(GbdtOptions o) {
      this.options = Objects.requireNonNull(o, "gbdt must not be null");
      return this;
    }

    /**
     * Sets XGBoost's worker count (default 1; at most the cluster's task slots, which XGBoost needs at once).
     *
     * @param n positive
     * @return this
     */
    public Builder workers(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("workers must be positive, found " + n);
      }
      this.workers = n;
      return this;
    }

    /**
     * Sets XGBoost's seed (default 12345).
     *
     * @param s the seed
     * @return this
     */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Sets the model version (default {@code gbdt-conversion-spark-<trained-at>}).
     *
     * @param v not blank
     * @return this
     */
    public Builder version(String v) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("version must not be blank, found " + v);
      }
      this.version = v;
      return this;
    }

    /**
     * Builds the trainer.
     *
     * @return the trainer
     * @throws IllegalArgumentException if the extractors are missing or do not produce a price feature's inputs
     */
    public SparkGbdtTrainer build() {
      if (extractors == null) {
        throw new IllegalArgumentException("extractors must be set");
      }
      return new SparkGbdtTrainer(this);
    }
  }
}
