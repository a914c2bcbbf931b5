package dev.pricing.spark;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.TrainingProvenance;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains the library's linear demand models on a Spark cluster with MLlib, from an offer log Dataset
 * ({@link OfferLogs}), with the library's own feature extractors ({@link SparkFeatures}).
 *
 * <ul>
 *   <li>{@link DemandKind#CONVERSION_PROBABILITY}: MLlib {@code LogisticRegression} (binomial, L-BFGS-B)
 *       with an L2 (ridge) penalty {@code regParam} on standardised features and coefficient bounds that keep
 *       every price coefficient (the term's and each interaction's) {@code <= 0}, so demand never rises with
 *       price for any input;
 *   <li>{@link DemandKind#EXPECTED_UNITS}: the log-log model {@code ln(units + c) = w.x + e * T(p)} by MLlib
 *       {@code LinearRegression} with the normal-equation solver (exact) and the same ridge penalty. MLlib's
 *       linear regression has no coefficient bounds, so a positive price coefficient is handled as the
 *       library's trainer does: that feature is dropped (its coefficient becomes exactly 0) and the model is
 *       refitted, until none is positive (an active-set projection onto the constraint); each clamp is a
 *       note in the provenance. Predictions are retransformed with Duan's smearing factor.
 * </ul>
 *
 * <p>MLlib's objective is {@code (1/sum w) sum_i w_i loss_i + regParam/2 * ||beta_std||^2}, with
 * {@code beta_std} the coefficients on features standardised by their (weighted, unbiased) standard
 * deviation; the intercept is not penalised. The returned coefficients are on the raw scale.
 *
 * <p>Every offer is used for training (no validation split: evaluate with a held-out Dataset). The
 * provenance says it was trained on Spark, with the row count and an input hash: the wrapping sum of a 64-bit
 * fingerprint of each offer's canonical CSV line, so the same offers give the same hash whatever the file
 * format, order or partitioning.
 *
 * <p>Instances are immutable and thread-safe; {@link #train} runs Spark jobs on the Dataset's session.
 */
public final class SparkDemandTrainer {
  private final DemandKind kind;
  private final ExtractorFactory extractors;
  private final PriceFeatures price;
  private final double regParam;
  private final int maxIter;
  private final double tol;
  private final double smoothing;
  private final double ipwCap;
  private final String version;
  private final LinearArtifactFactory artifacts;

  private SparkDemandTrainer(Builder b) {
    this.kind = b.kind;
    this.extractors = Objects.requireNonNull(b.extractors, "extractors must be set");
    this.price = b.price != null ? b.price
        : PriceFeatures.of(kind == DemandKind.CONVERSION_PROBABILITY ? PriceTerm.RELATIVE : PriceTerm.LOG_RELATIVE);
    this.regParam = b.regParam;
    this.maxIter = b.maxIter;
    this.tol = b.tol;
    this.smoothing = b.smoothing;
    this.ipwCap = b.ipwCap;
    this.version = b.version;
    this.artifacts = b.artifacts;
    SparkFeatures.requireProduced(SparkFeatures.schemaOf(extractors), price);
  }

  /**
   * Starts a trainer.
   *
   * @param kind conversion (logistic) or units (log-log)
   * @return the builder
   */
  public static Builder builder(DemandKind kind) {
    return new Builder(Objects.requireNonNull(kind, "kind must not be null"));
  }

  /**
   * Returns the derived feature names the coefficients are over.
   *
   * @return the names
   */
  public List<String> featureNames() {
    return SparkFeatures.featureNames(SparkFeatures.schemaOf(extractors), price);
  }

  /**
   * Extracts features, fits, and exports the artifact.
   *
   * @param offers rows of {@link OfferLogs#SCHEMA}
   * @return the fit, its artifact and what the run did
   * @throws IllegalArgumentException if the log is empty, has one outcome only (conversion) or no positive
   *     units with {@code unitsSmoothing == 0} (units), has a single price point, or lacks a propensity
   *     under inverse-propensity weighting
   */
  public SparkTrainingResult train(Dataset<Row> offers) {
    Objects.requireNonNull(offers, "offers must not be null");
    FeatureSchema schema = SparkFeatures.schemaOf(extractors);
    List<String> names = SparkFeatures.featureNames(schema, price);
    int n = schema.size();
    int d = names.size();
    Dataset<Row> features = SparkFeatures.extract(offers, extractors, price);
    double c = smoothing;
    Dataset<Row> data = kind == DemandKind.CONVERSION_PROBABILITY ? features
        : features.withColumn("label", functions.log(functions.col("units").plus(c)));
    if (ipwCap > 0) {
      data = data.withColumn("weight", functions.least(functions.lit(ipwCap),
          functions.lit(1.0).divide(functions.col("propensity"))));
    }
    data = data.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Stats s = data.javaRDD().treeAggregate(new Stats(d), Stats::add, Stats::merge);
      if (s.rows == 0) {
        throw new IllegalArgumentException("the offer log is empty");
      }
      if (ipwCap > 0 && s.missingPropensity > 0) {
        throw new IllegalArgumentException("inverse-propensity weighting needs a propensity on every offer; "
            + s.missingPropensity + " of " + s.rows + " have none");
      }
      if (s.min[n] == s.max[n]) {
        throw new IllegalArgumentException("every training offer has the same " + price.termFeatureName() + " = "
            + s.min[n] + ": the effect of price on demand, and so the elasticity, is not identifiable; log offers "
            + "at two or more price points");
      }
      if (kind == DemandKind.CONVERSION_PROBABILITY && (s.bought == 0 || s.bought == s.rows)) {
        throw new IllegalArgumentException("a conversion model needs both outcomes; " + s.bought + " of " + s.rows
            + " offers were bought");
      }
      if (kind == DemandKind.EXPECTED_UNITS && s.zeroUnits > 0 && smoothing == 0) {
        throw new IllegalArgumentException(s.zeroUnits + " of " + s.rows + " offers sold 0 units and unitsSmoothing "
            + "is 0: ln(units + c) is undefined; set unitsSmoothing(> 0)");
      }
      double[] means = new double[n];
      for (int i = 0; i < n; i++) {
        means[i] = s.sum[i] / s.rows;
      }
      int listIndex = schema.require(price.listPriceFeature());
      String hash = String.format("%016x", s.hash);
      List<String> notes = new ArrayList<>();
      notes.add("trained on Spark " + data.sparkSession().version() + " (MLlib)");
      notes.add("rows " + s.rows);
      notes.add("input hash " + hash + " (wrapping sum of 64-bit row fingerprints)");
      double[] w;
      double b;
      int iterations;
      double smear = 1;
      String trainer;
      // A feature that never varies carries no information; MLlib gives it a zero coefficient, but its
      // bound-constrained solver would scale an infinite bound by a zero deviation, so such columns are left
      // out of the fit and get a coefficient of exactly 0.
      boolean[] constant = new boolean[d];
      for (int i = 0; i < d; i++) {
        constant[i] = s.min[i] == s.max[i];
      }
      if (kind == DemandKind.CONVERSION_PROBABILITY) {
        // Price coefficients <= 0 by an active set: fit with MLlib's L-BFGS; while a price coefficient is
        // positive, fix it at its bound 0 (leave the column out) and refit. For a convex loss this reaches
        // the bound-constrained optimum. MLlib's own bound-constrained path (L-BFGS-B through
        // setUpperBoundsOnCoefficients) stopped early on our test log: 64 iterations and predictions 1.1e-3
        // away from the converged fit, against 1e-6 for this path.
        boolean[] dropped = constant.clone();
        LogisticRegressionModel m;
        iterations = 0;
        while (true) {
          LogisticRegression lr = new LogisticRegression()
              .setFamily("binomial")
              .setRegParam(regParam)
              .setElasticNetParam(0)
              .setStandardization(true)
              .setFitIntercept(true)
              .setMaxIter(maxIter)
              .setTol(tol);
          if (ipwCap > 0) {
            lr.setWeightCol("weight");
          }
          m = lr.fit(dropColumns(data, dropped));
          iterations += m.summary().totalIterations();
          w = expand(m.coefficients().toArray(), dropped);
          b = m.intercept();
          boolean again = false;
          for (int i = n; i < d; i++) {
            if (w[i] > 0) {
              notes.add("price feature " + names.get(i) + " fitted " + String.format("%+.4g", w[i])
                  + " (demand rising with price); clamped to 0");
              dropped[i] = true;
              again = true;
            }
          }
          if (m.summary().totalIterations() >= maxIter) {
            notes.add("did not converge within maxIter=" + maxIter + " iterations");
          }
          if (!again) {
            break;
          }
        }
        trainer = "spark-mllib LogisticRegression(binomial, L-BFGS, regParam=" + regParam
            + ", standardization=true, tol=" + tol + ", maxIter=" + maxIter + "), price coefficients <= 0 by "
            + "active set; " + iterations + " iterations";
      } else {
        boolean[] dropped = constant.clone();
        LinearRegressionModel m;
        while (true) {
          Dataset<Row> fitData = dropColumns(data, dropped);
          LinearRegression lr = new LinearRegression()
              .setSolver("normal")
              .setRegParam(regParam)
              .setElasticNetParam(0)
              .setStandardization(true)
              .setFitIntercept(true);
          if (ipwCap > 0) {
            lr.setWeightCol("weight");
          }
          m = lr.fit(fitData);
          w = expand(m.coefficients().toArray(), dropped);
          b = m.intercept();
          boolean again = false;
          for (int i = n; i < d; i++) {
            if (w[i] > 0) {
              notes.add("price feature " + names.get(i) + " fitted " + String.format("%+.4g", w[i])
                  + " (demand rising with price); clamped to 0");
              dropped[i] = true;
              again = true;
            }
          }
          if (!again) {
            double[] wf = w;
            double bf = b;
            smear = data.javaRDD().map(r -> {
              double[] x = ((Vector) r.getAs("features")).toArray();
              double z = bf;
              for (int i = 0; i < x.length; i++) {
                z += wf[i] * x[i];
              }
              return Math.exp(r.<Double>getAs("label") - z);
            }).reduce(Double::sum) / s.rows;
            break;
          }
        }
        iterations = m.summary().totalIterations();
        trainer = "spark-mllib LinearRegression(normal equations, regParam=" + regParam
            + ", standardization=true) on ln(units + " + smoothing + "), price coefficients <= 0 by active set";
      }
      TrainingProvenance prov = new TrainingProvenance(Instant.now(), s.rows, 0, Instant.ofEpochMilli(s.firstMillis),
          Instant.ofEpochMilli(s.lastMillis), "none (every offer trains)", trainer, 0, notes);
      String v = version != null ? version
          : (kind == DemandKind.CONVERSION_PROBABILITY ? "spark-logistic-" : "spark-log-log-") + prov.trainedAt();
      LinearFit fit = new LinearFit(kind, v, schema.names(), price, w, b, means, means[listIndex], smear,
          kind == DemandKind.EXPECTED_UNITS ? smoothing : 0, prov);
      return new SparkTrainingResult(fit, artifacts.encode(fit), s.rows, hash, iterations, names);
    } finally {
      data.unpersist();
    }
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
    return data.withColumn("features", functions.udf(slice, new org.apache.spark.ml.linalg.VectorUDT())
        .apply(functions.col("features")));
  }

  private static double[] expand(double[] w, boolean[] dropped) {
    double[] out = new double[dropped.length];
    int k = 0;
    for (int i = 0; i < dropped.length; i++) {
      out[i] = dropped[i] ? 0.0 : w[k++];
    }
    return out;
  }

  /** One pass over the training rows: counts, sums, ranges, hash and time span. */
  static final class Stats implements Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    long bought;
    long zeroUnits;
    long missingPropensity;
    long hash;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;
    final double[] sum;
    final double[] min;
    final double[] max;

    Stats(int d) {
      sum = new double[d];
      min = new double[d];
      max = new double[d];
      Arrays.fill(min, Double.POSITIVE_INFINITY);
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    Stats add(Row r) {
      Vector v = r.getAs("features");
      double[] x = v instanceof DenseVector dv ? dv.values() : v.toArray();
      for (int i = 0; i < x.length; i++) {
        sum[i] += x[i];
        min[i] = Math.min(min[i], x[i]);
        max[i] = Math.max(max[i], x[i]);
      }
      rows++;
      double units = r.getAs("units");
      if (units > 0) {
        bought++;
      } else {
        zeroUnits++;
      }
      if (r.isNullAt(r.fieldIndex("propensity"))) {
        missingPropensity++;
      }
      hash += r.<Long>getAs("row_hash");
      long t = r.<Timestamp>getAs("time").getTime();
      firstMillis = Math.min(firstMillis, t);
      lastMillis = Math.max(lastMillis, t);
      return this;
    }

    Stats merge(Stats o) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += o.sum[i];
        min[i] = Math.min(min[i], o.min[i]);
        max[i] = Math.max(max[i], o.max[i]);
      }
      rows += o.rows;
      bought += o.bought;
      zeroUnits += o.zeroUnits;
      missingPropensity += o.missingPropensity;
      hash += o.hash;
      firstMillis = Math.min(firstMillis, o.firstMillis);
      lastMillis = Math.max(lastMillis, o.lastMillis);
      return this;
    }
  }

  /** Configures a {@link SparkDemandTrainer}; not thread-safe. */
  public static final class Builder {
    private final DemandKind kind;
    private ExtractorFactory extractors;
    private PriceFeatures price;
    private double regParam = 1e-4;
    private int maxIter = 1000;
    private double tol = 1e-12;
    private double smoothing;
    private double ipwCap;
    private String version;
    private LinearArtifactFactory artifacts = InterimLinearArtifacts.INSTANCE;

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
     * Sets how price enters (default {@code RELATIVE} for conversion, {@code LOG_RELATIVE} for units).
     *
     * @param p the price features
     * @return this
     */
    public Builder priceFeatures(PriceFeatures p) {
      this.price = Objects.requireNonNull(p, "priceFeatures must not be null");
      return this;
    }

    /**
     * Sets the ridge penalty on standardised coefficients (default 1e-4).
     *
     * @param lambda finite and {@code >= 0}
     * @return this
     */
    public Builder regParam(double lambda) {
      if (!(lambda >= 0) || !Double.isFinite(lambda)) {
        throw new IllegalArgumentException("regParam must be finite and >= 0, found " + lambda);
      }
      this.regParam = lambda;
      return this;
    }

    /**
     * Sets the L-BFGS iteration limit for conversion (default 1000).
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
     * Sets the convergence tolerance for conversion (default 1e-12).
     *
     * @param t in (0, 1)
     * @return this
     */
    public Builder tolerance(double t) {
      if (!(t > 0 && t < 1)) {
        throw new IllegalArgumentException("tolerance must be in (0, 1), found " + t);
      }
      this.tol = t;
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
      if (!(cap >= 1) || !Double.isFinite(cap)) {
        throw new IllegalArgumentException("inversePropensityWeighting cap must be finite and >= 1, found " + cap);
      }
      this.ipwCap = cap;
      return this;
    }

    /**
     * Sets the model version (default {@code spark-logistic-<trained-at>} or {@code spark-log-log-...}).
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
     * Sets how the fit becomes an artifact (default {@link InterimLinearArtifacts#INSTANCE}).
     *
     * @param f the factory
     * @return this
     */
    public Builder artifacts(LinearArtifactFactory f) {
      this.artifacts = Objects.requireNonNull(f, "artifacts must not be null");
      return this;
    }

    /**
     * Builds the trainer.
     *
     * @return the trainer
     * @throws IllegalArgumentException if the extractors are missing or do not produce the list price or an
     *     interaction feature
     */
    public SparkDemandTrainer build() {
      if (extractors == null) {
        throw new IllegalArgumentException("extractors must be set");
      }
      return new SparkDemandTrainer(this);
    }
  }
}
