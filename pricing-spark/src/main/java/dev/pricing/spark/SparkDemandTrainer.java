package dev.pricing.spark;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.core.demand.CandidatePriceFeature;
import dev.pricing.core.demand.CandidatePriceFeatures;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.GlmCoefficients;
import dev.pricing.core.demand.GlmOptions;
import dev.pricing.core.demand.TrainedDemandModel;
import dev.pricing.core.demand.TrainingProvenance;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains the library's converged GLMs ({@link DemandAlgorithm#LOGISTIC_GLM} for conversion,
 * {@link DemandAlgorithm#LOG_LOG_GLM} for units) on a Spark cluster with MLlib, from an offer log Dataset
 * ({@link OfferLogs}) and the library's own feature pipeline ({@link SparkFeatures}), and exports the library's own
 * artifact ({@link TrainedDemandModel#fromGlmCoefficients}), which {@code PricingEngine} loads unchanged.
 *
 * <p><b>The same model as the single-machine trainer.</b> The design is the core's {@code GlmAlgorithm}'s: the
 * schema's inputs, the candidate-price features at the offered price ({@link GlmOptions#priceFeatures()}, or the
 * algorithm's defaults that the schema can compute), and for each slope input {@code k} the column
 * {@code f_0 (x_k - mean_k) / sd_k}. Columns are scaled by their population standard deviation over the rows,
 * unweighted, exactly as the core does, and MLlib fits them with {@code standardization = false}, so that the
 * ridge falls on the same standardised coefficients. The objectives then agree up to a constant factor:
 *
 * <ul>
 *   <li>conversion, MLlib {@code LogisticRegression} (binomial, L-BFGS):
 *       {@code (1/sum w) sum_i w_i logloss_i + regParam/2 |b|^2} against the core's
 *       {@code sum_i w'_i logloss_i + ridge/2 |b|^2} with weights normalised to mean 1, so
 *       {@code regParam = ridge / n};
 *   <li>units, MLlib {@code LinearRegression} (normal equations) on {@code ln(units + c)}:
 *       {@code (1/2 sum w) sum_i w_i r_i^2 + (regParam / delta)/2 |b|^2}, {@code delta} the weighted population
 *       standard deviation of the label (MLlib always standardises the label of its normal-equation solver), so
 *       {@code regParam = ridge * delta / n}.
 * </ul>
 *
 * <p><b>Demand never rises with price, and the fit is checked.</b> Each price feature's slope is bounded
 * ({@code <= 0} for a feature that rises with price, {@code >= 0} for one that falls) by an active set: a slope that
 * MLlib fits on the wrong side is fixed at 0 (its column leaves the fit) and the rest is refitted; after each fit one
 * distributed pass computes the core's projected gradient (per unit of training weight, over every column and the
 * intercept), releases a fixed slope whose gradient points into the feasible side, and otherwise accepts the fit
 * only when the largest projected gradient is below {@link GlmOptions#tolerance()}: the same optimality criterion
 * as the core's solver. A fit that does not reach it is refused with an {@link IllegalArgumentException}, never
 * exported. {@link GlmOptions#maxIterations()} (the core's Newton limit) does not apply; MLlib's L-BFGS has
 * {@link Builder#maxIter} and {@link Builder#mllibTolerance}.
 *
 * <p>Every offer trains (no validation split: evaluate with a held-out Dataset). The provenance says the model was
 * trained on Spark, with the row count and an input hash: the wrapping sum of a 64-bit fingerprint of each offer's
 * canonical CSV line, so the same offers give the same hash whatever the file format, order or partitioning.
 *
 * <p>Instances are immutable and thread-safe; {@link #train} runs Spark jobs on the Dataset's session.
 */
public final class SparkDemandTrainer {
  private final DemandAlgorithm algorithm;
  private final ExtractorFactory extractors;
  private final GlmOptions glm;
  private final String listPrice;
  private final int maxIter;
  private final double mllibTol;
  private final double smoothing;
  private final double ipwCap;
  private final String version;

  private SparkDemandTrainer(Builder b) {
    this.algorithm = b.kind == DemandKind.CONVERSION_PROBABILITY ? DemandAlgorithm.LOGISTIC_GLM
        : DemandAlgorithm.LOG_LOG_GLM;
    this.extractors = b.extractors;
    this.glm = b.glm;
    this.listPrice = b.listPrice;
    this.maxIter = b.maxIter;
    this.mllibTol = b.mllibTol;
    this.smoothing = b.smoothing;
    this.ipwCap = b.ipwCap;
    this.version = b.version;
    FeatureSchema schema = SparkFeatures.schemaOf(extractors);
    if (schema.indexOf(listPrice) < 0) {
      throw new IllegalArgumentException("listPriceFeature '" + listPrice + "' is not produced by the extractors "
          + schema.names());
    }
    SparkFeatures.requireProduced(schema, priceFeatures(schema));
    for (String s : glm.slopeInputs()) {
      if (schema.indexOf(s) < 0) {
        throw new IllegalArgumentException("slope input '" + s + "' is not produced by the extractors "
            + schema.names());
      }
    }
  }

  /**
   * Starts a trainer.
   *
   * @param kind conversion ({@link DemandAlgorithm#LOGISTIC_GLM}) or units ({@link DemandAlgorithm#LOG_LOG_GLM})
   * @return the builder
   */
  public static Builder builder(DemandKind kind) {
    return new Builder(Objects.requireNonNull(kind, "kind must not be null"));
  }

  /**
   * Returns the algorithm the artifact carries.
   *
   * @return {@link DemandAlgorithm#LOGISTIC_GLM} or {@link DemandAlgorithm#LOG_LOG_GLM}
   */
  public DemandAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the candidate-price features the model uses: {@link GlmOptions#priceFeatures()}, or the algorithm's
   * defaults whose inputs the schema has (the primary always), as the core's trainer chooses them.
   *
   * @param schema the extractors' schema
   * @return the price features, primary first
   */
  List<CandidatePriceFeature> priceFeatures(FeatureSchema schema) {
    return glm.priceFeatures().isEmpty() ? SparkFeatures.availableDefaults(algorithm, schema) : glm.priceFeatures();
  }

  /**
   * Returns the names of the design's columns: the inputs, the price features, then the slope interactions.
   *
   * @return the names
   */
  public List<String> featureNames() {
    FeatureSchema schema = SparkFeatures.schemaOf(extractors);
    List<String> names = new ArrayList<>(SparkFeatures.featureNames(schema, priceFeatures(schema)));
    for (String s : glm.slopeInputs()) {
      names.add(SparkFeatures.PRICE_PREFIX + priceFeatures(schema).get(0).name() + "*" + s);
    }
    return List.copyOf(names);
  }

  /**
   * Extracts features, fits to convergence, checks the fit and exports the artifact.
   *
   * @param offers rows of {@link OfferLogs#SCHEMA}
   * @return the model, its artifact and what the run did
   * @throws IllegalArgumentException if the log is empty, has one outcome only (conversion) or no positive units,
   *     or zero units with {@code unitsSmoothing == 0} (units), has a single price point relative to list, lacks a
   *     propensity under inverse-propensity weighting, or the fit does not converge
   */
  public SparkTrainingResult train(Dataset<Row> offers) {
    Objects.requireNonNull(offers, "offers must not be null");
    boolean conversion = algorithm.kind() == DemandKind.CONVERSION_PROBABILITY;
    FeatureSchema schema = SparkFeatures.schemaOf(extractors);
    List<CandidatePriceFeature> pf = priceFeatures(schema);
    int n = schema.size();
    int m = pf.size();
    int[] slopeIdx = glm.slopeInputs().stream().mapToInt(schema::require).toArray();
    int qn = slopeIdx.length;
    int cols = n + m + qn;
    int listIdx = schema.require(listPrice);
    List<String> names = featureNames();
    Dataset<Row> features = SparkFeatures.extract(offers, extractors, pf, listPrice)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> design = null;
    try {
      double c = conversion ? 0 : smoothing;
      double cap = ipwCap;
      Stats s = features.javaRDD().treeAggregate(new Stats(n + m), (st, r) -> st.add(r, listIdx, conversion, c, cap),
          Stats::merge);
      refuseUnfit(s, conversion, true, smoothing, ipwCap);
      // Column moments as the core computes them: unweighted, population standard deviation.
      double[] mean = new double[cols];
      double[] sd = new double[cols];
      double[] muX = new double[n];
      double[] sdX = new double[n];
      for (int i = 0; i < n + m; i++) {
        mean[i] = s.mean[i];
        sd[i] = Math.sqrt(s.m2[i] / s.rows);
      }
      for (int i = 0; i < n; i++) {
        muX[i] = mean[i];
        sdX[i] = sd[i] > 1e-12 ? sd[i] : 1.0;
      }
      if (qn > 0) {
        Stats q = features.javaRDD().treeAggregate(new Stats(qn),
            (st, r) -> st.addValues(interactions(vector(r), n, slopeIdx, muX, sdX)), Stats::merge);
        for (int k = 0; k < qn; k++) {
          mean[n + m + k] = q.mean[k];
          sd[n + m + k] = Math.sqrt(q.m2[k] / s.rows);
        }
      }
      boolean[] constant = new boolean[cols];
      for (int j = 0; j < cols; j++) {
        constant[j] = !(sd[j] > 1e-12 * Math.max(1, Math.abs(mean[j])));
        if (constant[j]) {
          sd[j] = 1.0;
        }
      }
      double[] zbar = new double[cols];
      for (int j = 0; j < cols; j++) {
        zbar[j] = mean[j] / sd[j];
      }
      double[] scale = sd.clone();
      design = features.map((MapFunction<Row, Row>) r -> {
        double[] v = vector(r);
        double[] z = new double[cols];
        for (int j = 0; j < n + m; j++) {
          z[j] = v[j] / scale[j];
        }
        double[] g = interactions(v, n, slopeIdx, muX, sdX);
        for (int k = 0; k < qn; k++) {
          z[n + m + k] = g[k] / scale[n + m + k];
        }
        return RowFactory.create(Vectors.dense(z), label(r, conversion, c), weight(r, cap));
      }, Encoders.row(DESIGN)).persist(StorageLevel.MEMORY_AND_DISK());

      boolean[] bounded = new boolean[cols];
      boolean[] increasing = new boolean[cols];
      for (int j = 0; j < m; j++) {
        bounded[n + j] = true;
        increasing[n + j] = pf.get(j).direction() == CandidatePriceFeature.Direction.INCREASING;
      }
      if (qn > 0) {
        bounded[n] = false; // the primary slope varies with the inputs; the scorer bounds it per request
      }
      List<String> notes = new ArrayList<>();
      String hash = String.format(Locale.ROOT, "%016x", s.hash);
      notes.add("trained on Spark " + offers.sparkSession().version() + " (MLlib)");
      notes.add("rows " + s.rows);
      notes.add("input hash " + hash + " (wrapping sum of 64-bit row fingerprints)");
      double regParam = conversion ? glm.ridge() / s.rows
          : glm.ridge() * Math.sqrt(Math.max(0, s.wyy / s.w - (s.wy / s.w) * (s.wy / s.w))) / s.rows;
      boolean[] dropped = constant.clone();
      double[] beta = new double[cols];
      double intercept = 0;
      int iterations = 0;
      double gnorm = Double.NaN;
      int rounds = 0;
      int maxRounds = 2 * m + 4;
      while (true) {
        if (++rounds > maxRounds) {
          throw new IllegalArgumentException("the " + algorithm.id() + " fit on Spark did not settle which price "
              + "slopes sit at their bound in " + maxRounds + " active-set rounds; raise the ridge");
        }
        Dataset<Row> fitData = dropColumns(design, dropped);
        double[] free;
        if (conversion) {
          LogisticRegressionModel lm = new LogisticRegression().setFamily("binomial").setRegParam(regParam)
              .setElasticNetParam(0).setStandardization(false).setFitIntercept(true).setMaxIter(maxIter)
              .setTol(mllibTol).setWeightCol("weight").fit(fitData);
          iterations += lm.summary().totalIterations();
          free = lm.coefficients().toArray();
          intercept = lm.intercept();
        } else {
          LinearRegressionModel lm = new LinearRegression().setSolver("normal").setRegParam(regParam)
              .setElasticNetParam(0).setStandardization(false).setFitIntercept(true).setWeightCol("weight")
              .fit(fitData);
          iterations += Math.max(1, lm.summary().totalIterations());
          free = lm.coefficients().toArray();
          intercept = lm.intercept();
        }
        beta = expand(free, dropped);
        boolean again = false;
        for (int j = 0; j < cols; j++) {
          if (bounded[j] && !dropped[j] && (increasing[j] ? beta[j] > 0 : beta[j] < 0)) {
            notes.add(String.format(Locale.ROOT, "price feature %s fitted %+.4g on the standardised scale (demand "
                + "rising with price); fixed at its bound 0", names.get(j), beta[j]));
            dropped[j] = true;
            again = true;
          }
        }
        if (again) {
          continue;
        }
        double[] b = beta.clone();
        double b0 = intercept;
        Gradient gr = design.javaRDD().treeAggregate(new Gradient(cols),
            (acc, r) -> acc.add(r, b, b0, conversion), Gradient::merge);
        double[] g = new double[cols + 1];
        for (int j = 0; j < cols; j++) {
          g[j] = (gr.g[j] - zbar[j] * gr.g0) / gr.w + glm.ridge() / s.rows * beta[j];
        }
        g[cols] = gr.g0 / gr.w;
        boolean released = false;
        gnorm = Math.abs(g[cols]);
        for (int j = 0; j < cols; j++) {
          if (constant[j]) {
            continue;
          }
          boolean atBound = bounded[j] && (dropped[j] || beta[j] == 0);
          boolean outward = atBound && (increasing[j] ? g[j] < 0 : g[j] > 0);
          if (dropped[j] && !outward) {
            dropped[j] = false; // the gradient points into the feasible side: the slope leaves its bound
            released = true;
            notes.add("price feature " + names.get(j) + " released from its bound");
          } else if (!outward) {
            gnorm = Math.max(gnorm, Math.abs(g[j]));
          }
        }
        if (released) {
          continue;
        }
        if (!(gnorm < glm.tolerance())) {
          throw new IllegalArgumentException(String.format(Locale.ROOT, "the %s fit on Spark did not converge: "
              + "largest projected gradient %.3g per unit weight after %d MLlib iterations, criterion %.3g; raise "
              + "maxIter (%d) or lower mllibTolerance (%s), or raise the ridge", algorithm.id(), gnorm, iterations,
              glm.tolerance(), maxIter, mllibTol));
        }
        break;
      }
      // Fold back to the raw scale, as GlmAlgorithm does.
      double[] wRaw = new double[n];
      for (int i = 0; i < n; i++) {
        wRaw[i] = beta[i] / sd[i];
      }
      double[] slopes = new double[m];
      for (int j = 0; j < m; j++) {
        slopes[j] = beta[n + j] / sd[n + j];
      }
      double[] gamma = new double[qn];
      for (int q = 0; q < qn; q++) {
        int k = slopeIdx[q];
        gamma[q] = beta[n + m + q] / sd[n + m + q] / sdX[k];
        slopes[0] -= gamma[q] * muX[k];
      }
      double[] fallback = Arrays.copyOf(mean, n);
      boolean primaryIncreasing = pf.get(0).direction() == CandidatePriceFeature.Direction.INCREASING;
      double constantTerm = intercept;
      double[] sl = slopes.clone();
      Retransform rt = features.javaRDD().treeAggregate(new Retransform(), (acc, r) -> acc.add(r, n, m, constantTerm,
          wRaw, sl, slopeIdx, gamma, primaryIncreasing, conversion, c, cap), Retransform::merge);
      double smear = conversion ? 1.0 : rt.smear / rt.w;
      double maxDemand = conversion ? Double.POSITIVE_INFINITY
          : Math.max(1.0, s.maxUnits) * glm.demandCapFactor();
      if (rt.atBound > 0) {
        notes.add(String.format(Locale.ROOT, "the price slope was bounded (demand would otherwise rise with price) "
            + "for %.2f%% of training offers", 100.0 * rt.atBound / s.rows));
      }
      notes.add(String.format(Locale.ROOT, "converged: largest projected gradient %.3g per unit weight (criterion "
          + "%.3g, as the single-machine solver)", gnorm, glm.tolerance()));
      String trainer = String.format(Locale.ROOT, "%s over %d inputs, %d price features %s, %d slope inputs %s; "
          + "spark-mllib %s, ridge %s (regParam %.6g, standardization=false on columns scaled as the core), "
          + "price slopes bounded by active set; %d iterations", algorithm.id(), n, m,
          pf.stream().map(CandidatePriceFeature::name).toList(), qn, glm.slopeInputs(),
          conversion ? "LogisticRegression(binomial, L-BFGS, tol " + mllibTol + ", maxIter " + maxIter + ")"
              : "LinearRegression(normal equations) on ln(units + " + c + ")",
          glm.ridge(), regParam, iterations);
      TrainingProvenance prov = new TrainingProvenance(Instant.now(), s.rows, 0, Instant.ofEpochMilli(s.firstMillis),
          Instant.ofEpochMilli(s.lastMillis), "none (every offer trains on Spark; hold out a Dataset to evaluate)",
          trainer, 0, notes);
      String v = version != null ? version : algorithm.id() + "-spark-" + prov.trainedAt();
      GlmCoefficients coefficients = new GlmCoefficients(pf, glm.slopeInputs(), listPrice, constantTerm, wRaw, slopes,
          gamma, fallback, smear, c, maxDemand);
      TrainedDemandModel model = TrainedDemandModel.fromGlmCoefficients(algorithm, v, schema, coefficients, prov);
      return new SparkTrainingResult(model, model.toBytes(), s.rows, hash, iterations, names, gnorm, coefficients);
    } finally {
      features.unpersist();
      if (design != null) {
        design.unpersist();
      }
    }
  }

  /**
   * Refuses a log nothing can be learnt from. {@code logUnits}: the model takes {@code ln(units + smoothing)} (the
   * GLM), so a zero sale needs a positive smoothing; the Poisson trees take units as they are.
   */
  static void refuseUnfit(Stats s, boolean conversion, boolean logUnits, double smoothing, double ipwCap) {
    if (s.rows == 0) {
      throw new IllegalArgumentException("the offer log is empty: there is nothing to train on");
    }
    if (ipwCap > 0 && s.missingPropensity > 0) {
      throw new IllegalArgumentException("inverse-propensity weighting needs a propensity on every offer; "
          + s.missingPropensity + " of " + s.rows + " have none");
    }
    if (!(s.maxRatio - s.minRatio > 1e-9 * Math.max(1, Math.abs(s.maxRatio)))) {
      throw new IllegalArgumentException("every training offer has the same price relative to list (p/L = "
          + s.minRatio + "): the effect of price on demand, and so the elasticity, is not identifiable; log offers "
          + "at two or more price points");
    }
    if (conversion && (s.bought == 0 || s.bought == s.rows)) {
      throw new IllegalArgumentException("a conversion model needs both outcomes; " + s.bought + " of " + s.rows
          + " offers were bought");
    }
    if (!conversion && s.bought == 0) {
      throw new IllegalArgumentException("all " + s.rows + " offers sold 0 units: a units model needs some sales");
    }
    if (!conversion && logUnits && s.bought < s.rows && smoothing == 0) {
      throw new IllegalArgumentException((s.rows - s.bought) + " of " + s.rows + " offers sold 0 units and "
          + "unitsSmoothing is 0: ln(units + c) is undefined; set unitsSmoothing(> 0)");
    }
  }

  /** The design rows MLlib fits: scaled columns, label and weight. */
  static final StructType DESIGN = DataTypes.createStructType(List.of(
      DataTypes.createStructField("features", new VectorUDT(), false),
      DataTypes.createStructField("label", DataTypes.DoubleType, false),
      DataTypes.createStructField("weight", DataTypes.DoubleType, false)));

  static double[] vector(Row r) {
    Vector v = r.getAs("features");
    return v instanceof DenseVector dv ? dv.values() : v.toArray();
  }

  /** {@code f_0 (x_k - mean_k) / sd_k} per slope input, as the core's design. */
  static double[] interactions(double[] v, int n, int[] slopeIdx, double[] muX, double[] sdX) {
    double[] out = new double[slopeIdx.length];
    for (int q = 0; q < slopeIdx.length; q++) {
      int k = slopeIdx[q];
      out[q] = v[n] * (v[k] - muX[k]) / sdX[k];
    }
    return out;
  }

  static double label(Row r, boolean conversion, double c) {
    double units = r.getAs("units");
    return conversion ? (units > 0 ? 1.0 : 0.0) : Math.log(units + c);
  }

  static double weight(Row r, double cap) {
    if (cap == 0) {
      return 1.0;
    }
    return Math.min(cap, 1.0 / r.<Double>getAs("propensity"));
  }

  private static Dataset<Row> dropColumns(Dataset<Row> data, boolean[] dropped) {
    boolean any = false;
    for (boolean x : dropped) {
      any |= x;
    }
    if (!any) {
      return data;
    }
    boolean[] drop = dropped.clone();
    org.apache.spark.sql.api.java.UDF1<Vector, Vector> slice = v -> {
      double[] a = v.toArray();
      double[] out = new double[a.length];
      int k = 0;
      for (int i = 0; i < a.length; i++) {
        if (!drop[i]) {
          out[k++] = a[i];
        }
      }
      return Vectors.dense(Arrays.copyOf(out, k));
    };
    return data.withColumn("features", functions.udf(slice, new VectorUDT()).apply(functions.col("features")));
  }

  private static double[] expand(double[] w, boolean[] dropped) {
    double[] out = new double[dropped.length];
    int k = 0;
    for (int i = 0; i < dropped.length; i++) {
      out[i] = dropped[i] ? 0.0 : w[k++];
    }
    return out;
  }

  /** One pass over the feature rows: counts, mergeable column moments (Chan et al.), hash, span, label moments. */
  static final class Stats implements Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    long bought;
    long missingPropensity;
    long hash;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;
    double minRatio = Double.POSITIVE_INFINITY;
    double maxRatio = Double.NEGATIVE_INFINITY;
    double maxUnits;
    double w;
    double wy;
    double wyy;
    final double[] mean;
    final double[] m2;

    Stats(int d) {
      mean = new double[d];
      m2 = new double[d];
    }

    Stats addValues(double[] x) {
      rows++;
      for (int i = 0; i < x.length; i++) {
        double delta = x[i] - mean[i];
        mean[i] += delta / rows;
        m2[i] += delta * (x[i] - mean[i]);
      }
      return this;
    }

    Stats add(Row r, int listIdx, boolean conversion, double c, double cap) {
      double[] x = vector(r);
      addValues(x);
      double units = r.getAs("units");
      if (units > 0) {
        bought++;
      }
      maxUnits = Math.max(maxUnits, units);
      boolean noPropensity = r.isNullAt(r.fieldIndex("propensity"));
      if (noPropensity) {
        missingPropensity++;
      }
      double ratio = r.<Double>getAs("price") / x[listIdx];
      minRatio = Math.min(minRatio, ratio);
      maxRatio = Math.max(maxRatio, ratio);
      if (conversion || units + c > 0) {
        double wt = cap > 0 && noPropensity ? 1.0 : weight(r, cap);
        double y = label(r, conversion, c);
        w += wt;
        wy += wt * y;
        wyy += wt * y * y;
      }
      hash += r.<Long>getAs("row_hash");
      long t = r.<Timestamp>getAs("time").getTime();
      firstMillis = Math.min(firstMillis, t);
      lastMillis = Math.max(lastMillis, t);
      return this;
    }

    Stats merge(Stats o) {
      long total = rows + o.rows;
      if (o.rows > 0) {
        for (int i = 0; i < mean.length; i++) {
          double delta = o.mean[i] - mean[i];
          mean[i] += delta * o.rows / total;
          m2[i] += o.m2[i] + delta * delta * ((double) rows * o.rows / total);
        }
      }
      rows = total;
      bought += o.bought;
      missingPropensity += o.missingPropensity;
      hash += o.hash;
      firstMillis = Math.min(firstMillis, o.firstMillis);
      lastMillis = Math.max(lastMillis, o.lastMillis);
      minRatio = Math.min(minRatio, o.minRatio);
      maxRatio = Math.max(maxRatio, o.maxRatio);
      maxUnits = Math.max(maxUnits, o.maxUnits);
      w += o.w;
      wy += o.wy;
      wyy += o.wyy;
      return this;
    }
  }

  /** The core objective's gradient over the design: sums of {@code w (mu - y) z}, {@code w (mu - y)} and {@code w}. */
  static final class Gradient implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] g;
    double g0;
    double w;

    Gradient(int cols) {
      g = new double[cols];
    }

    Gradient add(Row r, double[] beta, double intercept, boolean logistic) {
      double[] z = vector(r);
      double eta = intercept;
      for (int j = 0; j < z.length; j++) {
        eta += beta[j] * z[j];
      }
      double mu = logistic ? 1 / (1 + Math.exp(-eta)) : eta;
      double wt = r.getDouble(2);
      double res = wt * (mu - r.getDouble(1));
      for (int j = 0; j < z.length; j++) {
        g[j] += res * z[j];
      }
      g0 += res;
      w += wt;
      return this;
    }

    Gradient merge(Gradient o) {
      for (int j = 0; j < g.length; j++) {
        g[j] += o.g[j];
      }
      g0 += o.g0;
      w += o.w;
      return this;
    }
  }

  /**
   * The GLM's linear predictor on the raw scale for a feature row (inputs then price features), as
   * {@code GlmPlan.predictor}: the primary slope bounded per row. Returns the predictor and 1 when the bound bound.
   */
  static double[] predictor(double[] v, int n, int m, double constant, double[] wRaw, double[] slopes, int[] slopeIdx,
      double[] gamma, boolean primaryIncreasing) {
    double s = constant;
    for (int i = 0; i < n; i++) {
      s += wRaw[i] * v[i];
    }
    double c0 = slopes[0];
    for (int q = 0; q < slopeIdx.length; q++) {
      c0 += gamma[q] * v[slopeIdx[q]];
    }
    double bounded = primaryIncreasing ? Math.min(c0, 0.0) : Math.max(c0, 0.0);
    s += bounded * v[n];
    for (int j = 1; j < m; j++) {
      s += slopes[j] * v[n + j];
    }
    return new double[] {s, bounded != c0 ? 1 : 0};
  }

  /** Duan's smearing sum and the share of offers whose primary slope sits at its bound, on the raw scale. */
  static final class Retransform implements Serializable {
    private static final long serialVersionUID = 1L;
    double smear;
    double w;
    long atBound;

    Retransform add(Row r, int n, int m, double constant, double[] wRaw, double[] slopes, int[] slopeIdx,
        double[] gamma, boolean primaryIncreasing, boolean conversion, double c, double cap) {
      double[] v = vector(r);
      double[] p = predictor(v, n, m, constant, wRaw, slopes, slopeIdx, gamma, primaryIncreasing);
      if (p[1] != 0) {
        atBound++;
      }
      double s = p[0];
      if (!conversion) {
        double wt = weight(r, cap);
        smear += wt * Math.exp(label(r, false, c) - s);
        w += wt;
      }
      return this;
    }

    Retransform merge(Retransform o) {
      smear += o.smear;
      w += o.w;
      atBound += o.atBound;
      return this;
    }
  }

  /** The inverse-propensity weight cap, checked for both Spark trainers' builders. */
  static double checkIpwCap(double cap) {
    if (!(cap >= 1) || !Double.isFinite(cap)) {
      throw new IllegalArgumentException("inversePropensityWeighting cap must be finite and >= 1, found " + cap);
    }
    return cap;
  }

  /** A model version, checked for both Spark trainers' builders. */
  static String checkVersion(String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("version must not be blank, found " + v);
    }
    return v;
  }

  /** Configures a {@link SparkDemandTrainer}; not thread-safe. */
  public static final class Builder {
    private final DemandKind kind;
    private ExtractorFactory extractors;
    private GlmOptions glm = GlmOptions.DEFAULTS;
    private String listPrice = CandidatePriceFeatures.LIST_PRICE;
    private int maxIter = 1000;
    private double mllibTol = 1e-12;
    private double smoothing;
    private double ipwCap;
    private String version;

    private Builder(DemandKind kind) {
      this.kind = kind;
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
     * Sets the GLM options, as for the single-machine trainer: the ridge (in units of the summed loss, on the
     * standardised coefficients), the convergence criterion (the largest projected gradient per unit weight),
     * the price features, the slope inputs and the units demand cap (default {@link GlmOptions#DEFAULTS}).
     * {@link GlmOptions#maxIterations()} (the core's Newton limit) does not apply on Spark, whose L-BFGS has
     * {@link #maxIter}: a value other than the default is refused rather than ignored. A purchase ceiling
     * ({@link GlmOptions#ceiling()}) is not fitted on Spark and is refused.
     *
     * @param options the options
     * @return this
     * @throws IllegalArgumentException if the options ask for a purchase ceiling or set the Newton iteration limit
     */
    public Builder glm(GlmOptions options) {
      Objects.requireNonNull(options, "glm must not be null");
      if (options.ceiling()) {
        throw new IllegalArgumentException("glm.ceiling=true is not supported on Spark (MLlib fits no purchase "
            + "ceiling); train the ceiling GLM on one machine, or drop the option");
      }
      if (options.maxIterations() != GlmOptions.DEFAULTS.maxIterations()) {
        throw new IllegalArgumentException("glm.maxIterations=" + options.maxIterations() + " does not apply on "
            + "Spark (it limits the core's Newton steps; MLlib's L-BFGS stops at maxIter, default 1000): set "
            + "SparkDemandTrainer.Builder.maxIter instead");
      }
      this.glm = options;
      return this;
    }

    /**
     * Sets the schema feature holding the list price (default {@link CandidatePriceFeatures#LIST_PRICE}).
     *
     * @param name the feature
     * @return this
     */
    public Builder listPriceFeature(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("listPriceFeature must not be blank, found " + name);
      }
      this.listPrice = name;
      return this;
    }

    /**
     * Sets MLlib's L-BFGS iteration limit for each conversion fit (default 1000).
     *
     * @param n positive
     * @return this
     */
    public Builder maxIter(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("maxIter must be positive, found " + n);
      }
      this.maxIter = n;
      return this;
    }

    /**
     * Sets MLlib's L-BFGS tolerance (relative change of the loss) for conversion (default 1e-12); whether the fit
     * converged is then judged by {@link GlmOptions#tolerance()}.
     *
     * @param t in (0, 1)
     * @return this
     */
    public Builder mllibTolerance(double t) {
      if (!(t > 0 && t < 1)) {
        throw new IllegalArgumentException("mllibTolerance must be in (0, 1), found " + t);
      }
      this.mllibTol = t;
      return this;
    }

    /**
     * Sets the units smoothing c of {@code ln(units + c)} (default 0; units only).
     *
     * @param c finite and {@code >= 0}
     * @return this
     */
    public Builder unitsSmoothing(double c) {
      if (kind != DemandKind.EXPECTED_UNITS) {
        throw new IllegalArgumentException("unitsSmoothing applies to units models only, not " + kind);
      }
      if (!(c >= 0) || !Double.isFinite(c)) {
        throw new IllegalArgumentException("unitsSmoothing must be finite and >= 0, found " + c);
      }
      this.smoothing = c;
      return this;
    }

    /**
     * Weights each offer by {@code min(1/propensity, cap)}; every offer must carry a propensity.
     *
     * @param cap at least 1
     * @return this
     */
    public Builder inversePropensityWeighting(double cap) {
      this.ipwCap = checkIpwCap(cap);
      return this;
    }

    /**
     * Sets the model version (default {@code <algorithm>-spark-<trained-at>}).
     *
     * @param v not blank
     * @return this
     */
    public Builder version(String v) {
      this.version = checkVersion(v);
      return this;
    }

    /**
     * Builds the trainer.
     *
     * @return the trainer
     * @throws IllegalArgumentException if the extractors are missing, or do not produce the list price, an input
     *     of a price feature, or a slope input
     */
    public SparkDemandTrainer build() {
      if (extractors == null) {
        throw new IllegalArgumentException("extractors must be set");
      }
      return new SparkDemandTrainer(this);
    }
  }
}
