package dev.pricing.core.demand;

import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.demand.internal.GbdtEnsemble;
import dev.pricing.core.demand.internal.GbdtFit;
import dev.pricing.core.demand.internal.GbdtMatrix;
import dev.pricing.core.demand.internal.GbdtObjective;
import dev.pricing.core.demand.internal.GbdtParams;
import dev.pricing.core.demand.internal.GlmSolver;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The price elasticity of demand from a log whose prices were not randomised, by double machine learning
 * (Chernozhukov et al., 2018), next to the naive estimate.
 *
 * <p>The model is partially linear: {@code ln q = theta * ln p + g(X) + e}, with {@code ln p = m(X) + v}, where
 * {@code X} holds everything that moved both price and demand (season, promotions planned for busy weeks,
 * store, product) and {@code theta} is the elasticity. A regression of {@code ln q} on {@code ln p} alone
 * (the naive estimate) mixes {@code theta} with the part of {@code g(X)} that prices followed: when prices
 * were raised in high-demand weeks it is biased towards zero or even positive. The debiased estimate:
 * <ol>
 *   <li>splits the rows into {@code K} folds (at random, seeded);
 *   <li>for each fold, fits the two nuisance regressions {@code E[ln q | X]} and {@code E[ln p | X]} on the
 *       other folds and predicts them on this one (cross-fitting: no row's residual comes from a model that
 *       saw it);
 *   <li>regresses the outcome residual on the price residual through the origin:
 *       {@code theta = sum(v~ u~) / sum(v~^2)}, the orthogonal (Neyman) moment, so first-order errors of the
 *       nuisance fits do not bias {@code theta};
 *   <li>and gives it a heteroskedasticity-robust (sandwich) standard error,
 *       {@code se^2 = mean(psi^2) / (n * mean(v~^2)^2)} with {@code psi = (u~ - theta v~) v~}.
 * </ol>
 * The nuisance learner is either monotone-free gradient-boosted trees ({@link Learner#GBDT}, XGBoost's
 * squared error through the library's {@code GbdtFit}) for confounding that is not linear in the features,
 * or the library's ridge least squares ({@link Learner#LINEAR}, {@code GlmSolver}).
 *
 * <p>This is offline estimation: it lives with the trainer in {@code pricing-core}'s demand package because
 * it reads offer logs through the same {@link FeaturePipeline} as training and serving, so its {@code X} is
 * exactly what the models see, and it reuses the library's solvers; nothing on the pricing path calls it.
 *
 * <p>Immutable and thread-safe.
 */
public final class DebiasedElasticity {
  /** The nuisance regressions' learner. */
  public enum Learner {
    /** Gradient-boosted regression trees (XGBoost {@code reg:squarederror}, no monotone constraint). */
    GBDT,
    /** Ridge least squares on the features (commons-math3 through the library's GLM solver). */
    LINEAR
  }

  /**
   * The two estimates.
   *
   * @param naive the slope of {@code ln q} on {@code ln p} alone
   * @param naiveStandardError its heteroskedasticity-robust (HC0) standard error
   * @param naiveLower lower bound of the naive interval
   * @param naiveUpper upper bound of the naive interval
   * @param debiased the cross-fitted, orthogonalised estimate
   * @param standardError its sandwich standard error
   * @param lower lower bound of the debiased interval
   * @param upper upper bound of the debiased interval
   * @param confidenceLevel the level of both intervals
   * @param rows rows used
   * @param folds cross-fitting folds
   * @param learner the nuisance learner
   * @param priceResidualShare the variance of the price residual over the variance of {@code ln p}: the share
   *     of the price variation the features do not explain, which identifies {@code theta} (near 0: prices
   *     were set by the features alone and no estimate can separate their effects)
   */
  public record Estimate(double naive, double naiveStandardError, double naiveLower, double naiveUpper,
      double debiased, double standardError, double lower, double upper, double confidenceLevel, int rows,
      int folds, Learner learner, double priceResidualShare) {

    /**
     * Returns whether the debiased interval covers a value.
     *
     * @param value the value, for example a simulation's true elasticity
     * @return true if {@code lower <= value <= upper}
     */
    public boolean covers(double value) {
      return lower <= value && value <= upper;
    }

    /**
     * Returns whether the naive interval covers a value.
     *
     * @param value the value
     * @return true if {@code naiveLower <= value <= naiveUpper}
     */
    public boolean naiveCovers(double value) {
      return naiveLower <= value && value <= naiveUpper;
    }
  }

  private final int folds;
  private final Learner learner;
  private final double confidenceLevel;
  private final long seed;
  private final int trees;
  private final int maxDepth;
  private final double ridge;

  private DebiasedElasticity(Builder b) {
    this.folds = b.folds;
    this.learner = b.learner;
    this.confidenceLevel = b.confidenceLevel;
    this.seed = b.seed;
    this.trees = b.trees;
    this.maxDepth = b.maxDepth;
    this.ridge = b.ridge;
  }

  /**
   * Returns a builder with the defaults: 5 folds, {@link Learner#GBDT} with 200 trees of depth 4, a ridge of
   * 1e-6 for {@link Learner#LINEAR}, 95% intervals, seed 0.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Estimates from an offer log: {@code X} is the extractors' features of each offer's request, the price is
   * the offered price and the outcome the units sold ({@code ln units}).
   *
   * @param log the offers, every one with units sold above 0
   * @param extractors the feature extractors (the ones the demand model is trained with)
   * @return the estimates
   * @throws IllegalArgumentException naming the row and value if an offer sold nothing (its log is undefined),
   *     or if the log is too small for the folds
   */
  public Estimate estimate(List<OfferRecord> log, List<FeatureExtractor> extractors) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(extractors, "extractors");
    FeaturePipeline pipeline = FeaturePipeline.of(extractors);
    int n = log.size();
    double[][] x = new double[n][];
    double[] lnP = new double[n];
    double[] lnQ = new double[n];
    for (int i = 0; i < n; i++) {
      OfferRecord r = log.get(i);
      if (!(r.units() > 0)) {
        throw new IllegalArgumentException("log[" + i + "].units must be > 0 for a log-log elasticity, found "
            + r.units());
      }
      x[i] = pipeline.toArray(r.context());
      lnP[i] = Math.log(r.offeredPrice().doubleValue());
      lnQ[i] = Math.log(r.units());
    }
    return estimate(x, lnP, lnQ);
  }

  /**
   * Estimates from arrays.
   *
   * @param x the confounders, one row per observation (every row the same length, finite)
   * @param lnPrice the log price of each observation
   * @param lnUnits the log units of each observation
   * @return the estimates
   * @throws IllegalArgumentException naming the field and value: lengths that differ, a non-finite value, fewer
   *     than 10 rows per fold, or a price that does not vary
   */
  public Estimate estimate(double[][] x, double[] lnPrice, double[] lnUnits) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(lnPrice, "lnPrice");
    Objects.requireNonNull(lnUnits, "lnUnits");
    int n = x.length;
    if (lnPrice.length != n || lnUnits.length != n) {
      throw new IllegalArgumentException("lnPrice.length " + lnPrice.length + " and lnUnits.length "
          + lnUnits.length + " must equal x.length " + n);
    }
    if (n < 10 * folds) {
      throw new IllegalArgumentException("x.length must be at least 10 per fold (" + 10 * folds + "), found " + n);
    }
    int cols = n == 0 ? 0 : x[0].length;
    for (int i = 0; i < n; i++) {
      if (x[i] == null || x[i].length != cols) {
        throw new IllegalArgumentException("x[" + i + "].length must be " + cols + ", found "
            + (x[i] == null ? "null" : String.valueOf(x[i].length)));
      }
      for (int j = 0; j < cols; j++) {
        if (!Double.isFinite(x[i][j])) {
          throw new IllegalArgumentException("x[" + i + "][" + j + "] must be finite, found " + x[i][j]);
        }
      }
      if (!Double.isFinite(lnPrice[i])) {
        throw new IllegalArgumentException("lnPrice[" + i + "] must be finite, found " + lnPrice[i]);
      }
      if (!Double.isFinite(lnUnits[i])) {
        throw new IllegalArgumentException("lnUnits[" + i + "] must be finite, found " + lnUnits[i]);
      }
    }
    double z = new NormalDistribution().inverseCumulativeProbability(0.5 + confidenceLevel / 2);

    // Naive: ln q on ln p with an intercept, HC0 standard error.
    double meanP = mean(lnPrice);
    double meanQ = mean(lnUnits);
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (lnPrice[i] - meanP) * (lnPrice[i] - meanP);
      sxy += (lnPrice[i] - meanP) * (lnUnits[i] - meanQ);
    }
    if (!(sxx > 0)) {
      throw new IllegalArgumentException("lnPrice must vary across rows, found every value " + lnPrice[0]);
    }
    double naive = sxy / sxx;
    double meat = 0;
    for (int i = 0; i < n; i++) {
      double e = lnUnits[i] - meanQ - naive * (lnPrice[i] - meanP);
      double dc = lnPrice[i] - meanP;
      meat += dc * dc * e * e;
    }
    double naiveSe = Math.sqrt(meat) / sxx;

    // Cross-fitted residuals.
    int[] fold = folds(n);
    double[] u = new double[n];
    double[] v = new double[n];
    for (int k = 0; k < folds; k++) {
      int trainRows = 0;
      for (int i = 0; i < n; i++) {
        if (fold[i] != k) {
          trainRows++;
        }
      }
      double[] design = new double[trainRows * cols];
      double[] yq = new double[trainRows];
      double[] yp = new double[trainRows];
      int r = 0;
      for (int i = 0; i < n; i++) {
        if (fold[i] != k) {
          System.arraycopy(x[i], 0, design, r * cols, cols);
          yq[r] = lnUnits[i];
          yp[r] = lnPrice[i];
          r++;
        }
      }
      Regression outcome = fit(design, trainRows, cols, yq, k);
      Regression price = fit(design, trainRows, cols, yp, k);
      for (int i = 0; i < n; i++) {
        if (fold[i] == k) {
          u[i] = lnUnits[i] - outcome.predict(x[i]);
          v[i] = lnPrice[i] - price.predict(x[i]);
        }
      }
    }
    double svv = 0;
    double svu = 0;
    for (int i = 0; i < n; i++) {
      svv += v[i] * v[i];
      svu += v[i] * u[i];
    }
    if (!(svv > 0)) {
      throw new IllegalArgumentException("lnPrice is explained exactly by x: no price variation is left to"
          + " identify the elasticity");
    }
    double theta = svu / svv;
    double j = svv / n;
    double psi2 = 0;
    for (int i = 0; i < n; i++) {
      double psi = (u[i] - theta * v[i]) * v[i];
      psi2 += psi * psi;
    }
    double se = Math.sqrt(psi2 / n / (j * j) / n);
    return new Estimate(naive, naiveSe, naive - z * naiveSe, naive + z * naiveSe, theta, se, theta - z * se,
        theta + z * se, confidenceLevel, n, folds, learner, svv / sxx);
  }

  private int[] folds(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int k = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[k];
      order[k] = t;
    }
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      fold[order[i]] = i % folds;
    }
    return fold;
  }

  /** A fitted nuisance regression. */
  private interface Regression {
    double predict(double[] x);
  }

  private Regression fit(double[] design, int rows, int cols, double[] y, int k) {
    if (learner == Learner.GBDT) {
      GbdtParams params = GbdtParams.defaults().withTrees(trees).withMaxDepth(maxDepth).withEta(0.05)
          .withMinChildWeight(5).withSeed(seed + k);
      GbdtEnsemble e = GbdtFit.fit(GbdtMatrix.of(design, rows, cols, y, null), null, new int[cols],
          GbdtObjective.SQUARED_ERROR, params).ensemble();
      return e::predict;
    }
    double[] w = new double[rows];
    Arrays.fill(w, 1.0);
    double[] lo = new double[cols];
    double[] hi = new double[cols];
    Arrays.fill(lo, Double.NEGATIVE_INFINITY);
    Arrays.fill(hi, Double.POSITIVE_INFINITY);
    GlmSolver.Solution s = GlmSolver.solve(GlmSolver.Family.GAUSSIAN, design, rows, cols, y, w, ridge, lo, hi, 50,
        1e-10);
    double[] beta = s.coefficients();
    double b0 = s.intercept();
    return x -> {
      double t = b0;
      for (int c = 0; c < beta.length; c++) {
        t += beta[c] * x[c];
      }
      return t;
    };
  }

  private static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }

  /** Builds a {@link DebiasedElasticity}. Not thread-safe. */
  public static final class Builder {
    private int folds = 5;
    private Learner learner = Learner.GBDT;
    private double confidenceLevel = 0.95;
    private long seed;
    private int trees = 200;
    private int maxDepth = 4;
    private double ridge = 1e-6;

    private Builder() {}

    /**
     * Sets the number of cross-fitting folds.
     *
     * @param k in [2, 20]
     * @return this builder
     * @throws IllegalArgumentException if out of range, naming it and the value
     */
    public Builder folds(int k) {
      if (k < 2 || k > 20) {
        throw new IllegalArgumentException("folds must be in [2, 20], found " + k);
      }
      this.folds = k;
      return this;
    }

    /**
     * Sets the nuisance learner.
     *
     * @param l the learner
     * @return this builder
     */
    public Builder learner(Learner l) {
      this.learner = Objects.requireNonNull(l, "learner");
      return this;
    }

    /**
     * Sets the boosted trees' size (for {@link Learner#GBDT}; learning rate 0.05, minimum child weight 5).
     *
     * @param count trees, in [1, 5000]
     * @param depth depth, in [1, 10]
     * @return this builder
     * @throws IllegalArgumentException if out of range, naming it and the value
     */
    public Builder trees(int count, int depth) {
      if (count < 1 || count > 5000) {
        throw new IllegalArgumentException("trees.count must be in [1, 5000], found " + count);
      }
      if (depth < 1 || depth > 10) {
        throw new IllegalArgumentException("trees.depth must be in [1, 10], found " + depth);
      }
      this.trees = count;
      this.maxDepth = depth;
      return this;
    }

    /**
     * Sets the ridge penalty of {@link Learner#LINEAR}.
     *
     * @param penalty finite and non-negative
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite, naming it and the value
     */
    public Builder ridge(double penalty) {
      if (!(penalty >= 0) || Double.isInfinite(penalty)) {
        throw new IllegalArgumentException("ridge must be finite and >= 0, found " + penalty);
      }
      this.ridge = penalty;
      return this;
    }

    /**
     * Sets the intervals' confidence level.
     *
     * @param level in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if out of range, naming it and the value
     */
    public Builder confidenceLevel(double level) {
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("confidenceLevel must be in (0, 1), found " + level);
      }
      this.confidenceLevel = level;
      return this;
    }

    /**
     * Sets the seed of the fold assignment and the trees.
     *
     * @param s the seed
     * @return this builder
     */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Builds the estimator.
     *
     * @return the estimator
     */
    public DebiasedElasticity build() {
      return new DebiasedElasticity(this);
    }
  }
}
