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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains the library's monotone boosted trees, {@link DemandAlgorithm#GBDT_CONVERSION} ({@code binary:logistic}) or
 * {@link DemandAlgorithm#GBDT_UNITS} ({@code count:poisson}), on a Spark cluster with XGBoost4J-Spark, and exports
 * the library's own GBDT artifact ({@link TrainedDemandModel#fromXgboostJson}), which {@code PricingEngine} loads
 * unchanged.
 *
 * <p>As the core's {@code GbdtAlgorithm}: the columns are the schema's inputs then the candidate-price features at
 * the offered price ({@link GbdtOptions#priceFeatures()} or the defaults the schema can compute), every price
 * feature carries a monotone constraint ({@code -1} where the feature rises with price, {@code +1} where it falls),
 * and with {@link GbdtOptions#base()} set the trees correct a GLM: the GLM ({@code LOGISTIC_GLM} for conversion,
 * {@code LOG_LOG_GLM} with no smoothing for units) is trained first on Spark ({@link SparkDemandTrainer}, same price
 * features, same weights, every offer) and its margin is each row's XGBoost base margin: the linear predictor for
 * conversion, the linear predictor plus {@code ln(smear)} (Duan's factor) for units, so that {@code exp} of it is the
 * GLM's expected units. A units log where some offer sold 0 units gets no base (its logarithm is undefined), as on
 * one machine. Units models carry the demand cap {@code max(1, max units) * demandCapFactor}. XGBoost's {@code hist}
 * method with the options' trees, depth, eta, minimum child weight, subsample, lambda and 256 bins.
 *
 * <p>With {@link GbdtOptions#earlyStoppingRounds()} positive, the latest tenth of the offers by time (the cut is
 * Spark's {@code approxQuantile} of the time at 0.9, relative error 1e-4; the offers at or after it) is XGBoost's
 * evaluation set, on the objective's metric as the core ({@code logloss} or {@code poisson-nloglik}); training stops
 * after that many rounds without improvement and the artifact keeps the trees up to the best round. The trees train
 * on the other nine tenths; the base GLM, the input fallbacks and the demand cap use every offer. With
 * {@link Builder#inversePropensityWeighting} each offer weighs {@code min(1/propensity, cap)}, normalised to mean 1
 * over the offers (XGBoost's weight column, and the base GLM's weights). XGBoost's distributed sketch decides the
 * bins, so the trees are not bit-identical to a single-machine fit on the same rows.
 *
 * <p>Immutable and thread-safe; {@link #train} runs Spark jobs on the Dataset's session.
 */
public final class SparkGbdtTrainer {
  /** The relative error of the time quantile that cuts off the early-stopping tenth. */
  static final double STOP_QUANTILE_ERROR = 1e-4;

  private final DemandAlgorithm algorithm;
  private final ExtractorFactory extractors;
  private final GbdtOptions options;
  private final int workers;
  private final long seed;
  private final double baseMllibTol;
  private final double ipwCap;
  private final String version;

  private SparkGbdtTrainer(Builder b) {
    this.algorithm = b.kind == DemandKind.CONVERSION_PROBABILITY ? DemandAlgorithm.GBDT_CONVERSION
        : DemandAlgorithm.GBDT_UNITS;
    this.extractors = b.extractors;
    this.options = b.options;
    this.workers = b.workers;
    this.seed = b.seed;
    this.baseMllibTol = b.baseMllibTol;
    this.ipwCap = b.ipwCap;
    this.version = b.version;
    FeatureSchema schema = SparkFeatures.schemaOf(extractors);
    SparkFeatures.requireProduced(schema, priceFeatures(schema));
    if (options.base() != null) {
      for (String s : options.base().slopeInputs()) {
        if (schema.indexOf(s) < 0) {
          throw new IllegalArgumentException("gbdt.base slope input '" + s + "' is not produced by the extractors "
              + schema.names());
        }
      }
    }
  }

  /**
   * Starts a trainer of conversion trees ({@link DemandAlgorithm#GBDT_CONVERSION}).
   *
   * @return the builder
   */
  public static Builder builder() {
    return builder(DemandKind.CONVERSION_PROBABILITY);
  }

  /**
   * Starts a trainer.
   *
   * @param kind conversion ({@link DemandAlgorithm#GBDT_CONVERSION}) or units ({@link DemandAlgorithm#GBDT_UNITS})
   * @return the builder
   */
  public static Builder builder(DemandKind kind) {
    return new Builder(Objects.requireNonNull(kind, "kind must not be null"));
  }

  /**
   * Returns the algorithm the artifact carries.
   *
   * @return {@link DemandAlgorithm#GBDT_CONVERSION} or {@link DemandAlgorithm#GBDT_UNITS}
   */
  public DemandAlgorithm algorithm() {
    return algorithm;
  }

  List<CandidatePriceFeature> priceFeatures(FeatureSchema schema) {
    return options.priceFeatures().isEmpty()
        ? SparkFeatures.availableDefaults(algorithm, schema) : options.priceFeatures();
  }

  /** The rows XGBoost reads: columns, label, base margin, weight, and whether the row is in the stopping tenth. */
  static final StructType DATA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("features", new VectorUDT(), false),
      DataTypes.createStructField("label", DataTypes.DoubleType, false),
      DataTypes.createStructField("base_margin", DataTypes.DoubleType, false),
      DataTypes.createStructField("weight", DataTypes.DoubleType, false),
      DataTypes.createStructField("stop", DataTypes.BooleanType, false)));

  /**
   * Extracts features, trains the base GLM (if configured) and the trees, and exports the artifact.
   *
   * @param offers rows of {@link OfferLogs#SCHEMA}
   * @return the model, its artifact and what the run did ({@link SparkTrainingResult#coefficients()} is the base
   *     GLM's, or null; {@link SparkTrainingResult#iterations()} the number of trees kept)
   * @throws IllegalArgumentException if the log is empty, has one outcome only (conversion) or no sales (units), a
   *     single price point, lacks a propensity under inverse-propensity weighting, leaves no offer before the
   *     early-stopping cut, or the base GLM does not converge
   */
  public SparkTrainingResult train(Dataset<Row> offers) {
    return fit(offers).result();
  }

  /**
   * A run's result with what XGBoost trained, for verification.
   *
   * @param result the exported result
   * @param boosterJson the booster XGBoost trained, every round, as JSON
   * @param roundsTrained the rounds trained
   * @param treesKept the trees the artifact keeps (the best round + 1 with early stopping, else all)
   * @param validationMetric the evaluation set's metric after each round (empty without early stopping)
   * @param data the rows the trees trained on (lazy; {@link #DATA})
   * @param stopping the early-stopping rows (lazy; empty without early stopping)
   */
  record Fitted(SparkTrainingResult result, byte[] boosterJson, int roundsTrained, int treesKept,
      float[] validationMetric, Dataset<Row> data, Dataset<Row> stopping) {}

  Fitted fit(Dataset<Row> offers) {
    Objects.requireNonNull(offers, "offers must not be null");
    boolean conversion = algorithm == DemandAlgorithm.GBDT_CONVERSION;
    DemandKind kind = algorithm.kind();
    FeatureSchema schema = SparkFeatures.schemaOf(extractors);
    List<CandidatePriceFeature> pf = priceFeatures(schema);
    int n = schema.size();
    int m = pf.size();
    String list = CandidatePriceFeatures.LIST_PRICE;
    int listIdx = schema.require(list);
    Dataset<Row> features = SparkFeatures.extract(offers, extractors, pf, list)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      double cap = ipwCap;
      // label moments as for conversion, so that s.w sums every offer's weight (units or not)
      SparkDemandTrainer.Stats s = features.javaRDD().treeAggregate(new SparkDemandTrainer.Stats(n + m),
          (st, r) -> st.add(r, listIdx, true, 0, cap), SparkDemandTrainer.Stats::merge);
      SparkDemandTrainer.refuseUnfit(s, conversion, false, 0, cap);
      List<String> notes = new ArrayList<>();
      notes.add("trained on Spark " + offers.sparkSession().version() + " (XGBoost4J-Spark " + xgboostVersion() + ")");
      notes.add("rows " + s.rows);
      String hash = String.format(Locale.ROOT, "%016x", s.hash);
      notes.add("input hash " + hash + " (wrapping sum of 64-bit row fingerprints)");

      int esr = options.earlyStoppingRounds();
      double cut = Double.POSITIVE_INFINITY;
      if (esr > 0) {
        cut = features.select(functions.unix_millis(functions.col("time")).alias("t")).stat()
            .approxQuantile("t", new double[] {0.9}, STOP_QUANTILE_ERROR)[0];
        if (!(cut > s.firstMillis)) {
          throw new IllegalArgumentException("early stopping holds out the offers at or after the time at 90% of the "
              + "log (" + Instant.ofEpochMilli((long) cut) + "), which leaves none of the " + s.rows + " to train on: "
              + "too many share the first time; set gbdt.earlyStoppingRounds to 0");
        }
      }

      GlmCoefficients base = null;
      String baseDescription = "trees alone";
      if (options.base() != null && !conversion && s.bought < s.rows) {
        notes.add("no base GLM: " + (s.rows - s.bought) + " of " + s.rows + " offers sold 0 units (ln 0 is "
            + "undefined), so the trees stand alone, as on one machine");
      } else if (options.base() != null) {
        SparkDemandTrainer.Builder gb = SparkDemandTrainer.builder(kind).extractors(extractors)
            .glm(options.base().withPriceFeatures(pf)).mllibTolerance(baseMllibTol).version("base");
        if (cap > 0) {
          gb.inversePropensityWeighting(cap);
        }
        SparkTrainingResult glm = gb.build().train(offers);
        base = glm.coefficients();
        baseDescription = "correcting " + glm.model().provenance().trainer();
      }
      boolean withBase = base != null;
      double constant = withBase ? base.constant() : 0;
      double[] w = withBase ? base.inputWeights() : new double[n];
      double[] slopes = withBase ? base.priceSlopes() : new double[m];
      double[] gamma = withBase ? base.slopeWeights() : new double[0];
      int[] slopeIdx = withBase ? base.slopeInputs().stream().mapToInt(schema::require).toArray() : new int[0];
      double shift = withBase && !conversion ? Math.log(base.smear()) : 0;
      boolean primaryIncreasing = pf.get(0).direction() == CandidatePriceFeature.Direction.INCREASING;
      double meanWeight = cap > 0 ? s.w / s.rows : 1;
      double stopAt = cut;
      Dataset<Row> all = features.map((MapFunction<Row, Row>) r -> {
        double[] v = SparkDemandTrainer.vector(r);
        double margin = withBase
            ? SparkDemandTrainer.predictor(v, n, m, constant, w, slopes, slopeIdx, gamma, primaryIncreasing)[0] + shift
            : 0;
        double units = r.getAs("units");
        double label = conversion ? (units > 0 ? 1.0 : 0.0) : units;
        double weight = cap > 0 ? SparkDemandTrainer.weight(r, cap) / meanWeight : 1.0;
        boolean stop = r.<Timestamp>getAs("time").getTime() >= stopAt;
        return RowFactory.create(Vectors.dense(v), label, margin, weight, stop);
      }, Encoders.row(DATA));
      Dataset<Row> data = esr > 0 ? all.filter(functions.not(functions.col("stop"))) : all;
      Dataset<Row> stopping = esr > 0 ? all.filter(functions.col("stop")) : all.limit(0);

      // the objectives and early-stopping metrics of the core's boosted trees
      String objective = conversion ? "binary:logistic" : "count:poisson";
      Map<String, Object> p = new HashMap<>();
      p.put("objective", objective);
      p.put("eval_metric", conversion ? "logloss" : "poisson-nloglik");
      p.put("tree_method", "hist");
      p.put("max_depth", options.maxDepth());
      p.put("eta", options.eta());
      p.put("min_child_weight", options.minChildWeight());
      p.put("subsample", options.subsample());
      p.put("lambda", options.lambda());
      p.put("max_bin", 256);
      p.put("seed", seed);
      p.put("monotone_constraints", monotone(n, pf));
      p.put("num_round", options.trees());
      p.put("num_workers", workers);
      scala.collection.immutable.Map<String, Object> params = scala.collection.immutable.Map$.MODULE$.from(
          scala.jdk.javaapi.CollectionConverters.asScala(p));
      XGBoostModel<?> fitted;
      if (conversion) {
        XGBoostClassifier xgb = new XGBoostClassifier(params);
        configure(xgb, withBase, cap > 0, esr, stopping);
        fitted = xgb.fit(data);
      } else {
        XGBoostRegressor xgb = new XGBoostRegressor(params);
        configure(xgb, withBase, cap > 0, esr, stopping);
        fitted = xgb.fit(data);
      }
      byte[] json;
      int rounds;
      try {
        json = fitted.nativeBooster().toByteArray("json");
        rounds = (int) fitted.nativeBooster().getNumBoostedRound();
      } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
        throw new IllegalStateException("XGBoost could not save the trained booster: " + e.getMessage(), e);
      }
      float[] metric = esr > 0 ? Arrays.copyOf(validationMetric(fitted), rounds) : new float[0];
      int kept = esr > 0 ? bestRound(metric) + 1 : rounds;
      byte[] keptJson = kept < rounds ? firstTrees(json, kept) : json;
      if (cap > 0) {
        notes.add(String.format(Locale.ROOT, "inverse-propensity weights min(1/propensity, %s), normalised to mean 1",
            cap));
      }
      String trainer = String.format(Locale.ROOT, "%s: XGBoost4J-Spark %s, %d of %d rounds kept (depth %d, eta %s, "
          + "hist, %d workers, %s), monotone in %s, %s", algorithm.id(), objective, kept, rounds,
          options.maxDepth(), options.eta(), workers, esr > 0 ? String.format(Locale.ROOT, "early stopping %d on the %d "
              + "offers from %s", esr, stopping.count(), Instant.ofEpochMilli((long) cut)) : "no early stopping",
          pf.stream().map(CandidatePriceFeature::name).toList(), baseDescription);
      TrainingProvenance prov = new TrainingProvenance(Instant.now(), s.rows, 0, Instant.ofEpochMilli(s.firstMillis),
          Instant.ofEpochMilli(s.lastMillis), "none (every offer trains on Spark; hold out a Dataset to evaluate)",
          trainer, seed, notes);
      String v = version != null ? version : algorithm.id() + "-spark-" + prov.trainedAt();
      double maxDemand = conversion ? Double.POSITIVE_INFINITY : Math.max(1.0, s.maxUnits) * options.demandCapFactor();
      TrainedDemandModel model = TrainedDemandModel.fromXgboostJson(algorithm, v, schema, pf, list,
          Arrays.copyOf(s.mean, n), keptJson, base, maxDemand, prov);
      List<String> names = SparkFeatures.featureNames(schema, pf);
      return new Fitted(new SparkTrainingResult(model, model.toBytes(), s.rows, hash, kept, names, Double.NaN, base),
          json, rounds, kept, metric, data, stopping);
    } finally {
      features.unpersist();
    }
  }

  /** The columns, label, base margin, weight and evaluation set, on either estimator. */
  private static void configure(XGBoostEstimator<?, ?> xgb, boolean withBase, boolean weighted, int esr,
      Dataset<Row> stopping) {
    org.apache.spark.ml.PredictorParams cols = (org.apache.spark.ml.PredictorParams) xgb;
    cols.set(cols.featuresCol(), "features");
    cols.set(cols.labelCol(), "label");
    if (withBase) {
      xgb.setBaseMarginCol("base_margin");
    }
    if (weighted) {
      xgb.setWeightCol("weight");
    }
    if (esr > 0) {
      xgb.setEvalDataset(stopping);
      xgb.setNumEarlyStoppingRounds(esr);
    }
  }

  /** {@code (c_0,...)}: 0 on the inputs, -1 on a price feature that rises with price, +1 on one that falls. */
  static String monotone(int n, List<CandidatePriceFeature> pf) {
    StringBuilder monotone = new StringBuilder("(");
    for (int j = 0; j < n + pf.size(); j++) {
      if (j > 0) {
        monotone.append(',');
      }
      monotone.append(j < n ? 0 : pf.get(j - n).direction() == CandidatePriceFeature.Direction.INCREASING ? -1 : 1);
    }
    return monotone.append(')').toString();
  }

  /** The evaluation set's metric per round, from XGBoost's training summary. */
  private static float[] validationMetric(XGBoostModel<?> fitted) {
    if (fitted.summary().isEmpty()) {
      throw new IllegalStateException("XGBoost4J-Spark returned no training summary, so the best round is unknown");
    }
    scala.collection.immutable.Seq<scala.Tuple2<String, float[]>> history =
        fitted.summary().get().validationObjectiveHistory();
    if (history.isEmpty()) {
      throw new IllegalStateException("XGBoost4J-Spark's training summary has no evaluation-set history");
    }
    return history.head()._2(); // sized for every round asked for; the caller keeps those trained
  }

  /** The first round with the lowest metric, as the core's early stopping keeps it. */
  static int bestRound(float[] metric) {
    int best = 0;
    for (int i = 1; i < metric.length; i++) {
      if (metric[i] < metric[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The saved model cut to its first {@code keep} trees (one per round): the trees, their groups, the per-round
   * index and the tree count, so that XGBoost itself loads it as the model at round {@code keep}.
   */
  static byte[] firstTrees(byte[] json, int keep) {
    try {
      com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
      com.fasterxml.jackson.databind.JsonNode root = mapper.readTree(json);
      com.fasterxml.jackson.databind.node.ObjectNode model = (com.fasterxml.jackson.databind.node.ObjectNode)
          root.path("learner").path("gradient_booster").path("model");
      com.fasterxml.jackson.databind.node.ArrayNode trees = (com.fasterxml.jackson.databind.node.ArrayNode)
          model.get("trees");
      if (trees == null || trees.size() < keep) {
        throw new IllegalStateException("the booster has " + (trees == null ? 0 : trees.size()) + " trees, not "
            + keep);
      }
      truncate(trees, keep);
      if (model.get("tree_info") instanceof com.fasterxml.jackson.databind.node.ArrayNode info) {
        truncate(info, keep);
      }
      if (model.get("iteration_indptr") instanceof com.fasterxml.jackson.databind.node.ArrayNode ptr) {
        truncate(ptr, keep + 1);
      }
      if (model.get("gbtree_model_param") instanceof com.fasterxml.jackson.databind.node.ObjectNode param) {
        param.put("num_trees", Integer.toString(keep));
      }
      return mapper.writeValueAsBytes(root);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("XGBoost's saved model is not JSON: " + e.getMessage(), e);
    }
  }

  private static void truncate(com.fasterxml.jackson.databind.node.ArrayNode a, int size) {
    while (a.size() > size) {
      a.remove(a.size() - 1);
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
    private final DemandKind kind;
    private ExtractorFactory extractors;
    private GbdtOptions options = GbdtOptions.DEFAULTS;
    private int workers = 1;
    private long seed = 12345L;
    private double baseMllibTol = 1e-12;
    private double ipwCap;
    private String version;

    private Builder(DemandKind kind) {
      this.kind = kind;
    }

    /**
     * Sets MLlib's L-BFGS tolerance for the conversion trees' base GLM (default 1e-12, as
     * {@link SparkDemandTrainer}); the GLM must still meet its {@link dev.pricing.core.demand.GlmOptions#tolerance()}
     * criterion. Conversion only: the units base GLM is solved by MLlib's normal equations, which have no tolerance.
     *
     * @param t in (0, 1)
     * @return this
     * @throws IllegalArgumentException if {@code t} is out of range, or the trees are for units
     */
    public Builder baseMllibTolerance(double t) {
      if (kind != DemandKind.CONVERSION_PROBABILITY) {
        throw new IllegalArgumentException("baseMllibTolerance applies to " + DemandAlgorithm.GBDT_CONVERSION.id()
            + " only, not to " + DemandAlgorithm.GBDT_UNITS.id() + " (its base GLM is solved by MLlib's normal "
            + "equations, which have no tolerance)");
      }
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
      Objects.requireNonNull(o, "gbdt must not be null");
      if (o.base() != null && o.base().ceiling()) {
        throw new IllegalArgumentException(kind == DemandKind.CONVERSION_PROBABILITY
            ? "gbdt.base.ceiling=true is not supported on Spark (MLlib fits no purchase ceiling); train the ceiling "
                + "GLM's trees on one machine, or drop the option"
            : "gbdt.base.ceiling=true applies to conversion models only, not to " + DemandAlgorithm.GBDT_UNITS.id());
      }
      this.options = o;
      return this;
    }

    /**
     * Weights each offer by {@code min(1/propensity, cap)}, normalised to mean 1, in the trees (XGBoost's weight
     * column) and the base GLM, as the single-machine trainer; every offer must carry a propensity.
     *
     * @param cap at least 1
     * @return this
     */
    public Builder inversePropensityWeighting(double cap) {
      this.ipwCap = SparkDemandTrainer.checkIpwCap(cap);
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
     * Sets the model version (default {@code <algorithm>-spark-<trained-at>}).
     *
     * @param v not blank
     * @return this
     */
    public Builder version(String v) {
      this.version = SparkDemandTrainer.checkVersion(v);
      return this;
    }

    /**
     * Builds the trainer.
     *
     * @return the trainer
     * @throws IllegalArgumentException if the extractors are missing or do not produce a price feature's inputs or a
     *     base slope input
     */
    public SparkGbdtTrainer build() {
      if (extractors == null) {
        throw new IllegalArgumentException("extractors must be set");
      }
      return new SparkGbdtTrainer(this);
    }
  }
}
