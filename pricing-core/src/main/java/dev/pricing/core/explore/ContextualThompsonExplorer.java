package dev.pricing.core.explore;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Outcome;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.api.spi.PriceExplorer;
import dev.pricing.core.FeaturePipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Contextual Thompson sampling: a Bayesian logistic correction of the demand model over chosen features,
 * so that exploration can learn personalised prices (unlike the per-cell bandits, which learn one price
 * per product).
 *
 * <p><b>Model.</b> For candidate {@code i} with the model's demand {@code d_i} and price {@code p_i}, and the
 * request's selected features {@code x} (read from the engine's own feature vector, which the engine hands
 * over with the candidates, {@link Candidates#feature(int)}),
 * <pre>
 *   P(buy) = sigmoid(logit(d_i) + theta . z_i),   z_i = [1, r_i, x_1..x_k, x_1 r_i..x_k r_i],   r_i = p_i / ref - 1
 *   theta ~ N(m, S), prior N(0, priorSd^2 I)
 * </pre>
 * so the model is trusted until outcomes say otherwise, and the correction can move the level, the price
 * sensitivity, and both per feature. Features should be of order 1 (counts as log1p, rates, gaps); select
 * them with {@code features(...)}.
 *
 * <p><b>Online update</b> (Laplace / extended Kalman filter for the logistic likelihood, one Newton step per
 * outcome; Chapelle and Li 2011, Spiegelhalter and Lauritzen 1990): with {@code eta = logit(d) + m.z},
 * {@code q = sigmoid(eta)}, {@code v = q (1 - q)} and {@code u = S z},
 * <pre>
 *   m += u (y - q) / (1 + v z'u)        S -= v u u' / (1 + v z'u)
 * </pre>
 * O(D^2) per outcome ({@code D = 2k + 2}). Outcomes are applied under a lock (records serialise with each
 * other, never with pricing); every outcome publishes a new immutable snapshot of {@code m}, and every
 * {@code refreshEvery} outcomes (default 64) a new Cholesky factor {@code L} of {@code S} (commons-math3).
 *
 * <p><b>Choice and propensity.</b> A draw is {@code theta = m + L e}, {@code e ~ N(0, I)}; the explorer serves
 * the arm with the highest {@code margin_i * P(buy)} and estimates the propensity as for
 * {@link ThompsonSamplingExplorer}: {@code max(floor, wins / K)} over K further draws (default K = 16). Arms:
 * as in {@link BanditExplorer} ({@code maxArms}, default 8, plus the model's best).
 *
 * <p><b>Personal data.</b> With behaviour features selected, this explorer personalises prices. It never
 * extracts features itself: it reads the vector the engine's model scored, so in uniform-price mode (or when
 * a personal extractor is degraded) it sees the neutral values the engine used, by construction. The engine
 * flags a decision as personalised when the served price differs from the non-personal baseline.
 *
 * <p>Outcomes for unknown, evicted or already recorded ids throw {@link IllegalArgumentException} naming the
 * id; the pending map is bounded as in {@link BanditExplorer}. Each pending decision holds its {@code z}
 * (D doubles). No change cap.
 *
 * <p>Thread-safe: pricing reads a volatile snapshot and per-thread scratch, takes no lock, and allocates the
 * {@code Choice} and the pending entry; {@code record} serialises on one lock.
 */
public final class ContextualThompsonExplorer implements PriceExplorer {
  private static final double CLAMP = 1e-3;
  private final int[] selected;
  private final List<String> selectedNames;
  private final int dim;
  private final long seed;
  private final int samples;
  private final double floor;
  private final int maxArms;
  private final int maxPending;
  private final int refreshEvery;
  private final Object lock = new Object();
  private final double[] mean;
  private final double[][] cov;
  private long updates;
  private volatile Posterior posterior;
  private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLongArray ring;
  private final AtomicLong ringSeq = new AtomicLong();
  private final AtomicLong streams = new AtomicLong();
  private final LongAdder evicted = new LongAdder();
  private final LongAdder recorded = new LongAdder();
  private final ThreadLocal<Work> work;
  /** The selected features' indices in the engine's schema, resolved on the first decision. */
  private volatile Resolved resolved;

  private record Resolved(FeatureSchema schema, int[] index) {}

  private record Posterior(double[] mean, double[] chol) {}

  private record Pending(double[] z, double offset) {}

  private ContextualThompsonExplorer(Builder b) {
    List<String> names = FeaturePipeline.of(b.extractors).schema().names();
    List<String> wanted = b.features == null ? names : b.features;
    this.selected = new int[wanted.size()];
    for (int j = 0; j < wanted.size(); j++) {
      int at = names.indexOf(wanted.get(j));
      if (at < 0) {
        throw new IllegalArgumentException("features[" + j + "] is not written by the extractors, found "
            + wanted.get(j));
      }
      selected[j] = at;
    }
    this.selectedNames = List.copyOf(wanted);
    this.dim = 2 * selected.length + 2;
    this.seed = b.seed;
    this.samples = b.samples;
    this.floor = b.floor;
    this.maxArms = b.maxArms;
    this.maxPending = b.maxPending;
    this.refreshEvery = b.refreshEvery;
    this.mean = new double[dim];
    this.cov = new double[dim][dim];
    double[] chol = new double[dim * dim];
    for (int j = 0; j < dim; j++) {
      cov[j][j] = b.priorSd * b.priorSd;
      chol[j * dim + j] = b.priorSd;
    }
    this.posterior = new Posterior(new double[dim], chol);
    this.ring = new AtomicLongArray(maxPending);
    this.work = ThreadLocal.withInitial(() -> new Work(dim, 64));
  }

  /**
   * Starts a builder.
   *
   * @param extractors the extractors whose features the correction may use (for example
   *     {@code FeatureExtractors.standard()}), not empty; the engine must run them too, since the explorer
   *     reads their values from the engine's feature vector
   * @return the builder with the defaults: all their features, prior sd 1, K = 16, floor 0.01, 8 arms,
   *     refresh every 64 outcomes, seed 1
   */
  public static Builder builder(List<? extends FeatureExtractor> extractors) {
    return new Builder(extractors);
  }

  /** Per-thread scratch. Not thread-safe. */
  private static final class Work {
    final Rng rng = new Rng(0);
    final double[] theta;
    final double[] e;
    double[] z;
    double[] offset;
    double[] margin;
    int[] arm;
    long nextStream;
    long streamLimit;

    Work(int dim, int n) {
      theta = new double[dim];
      e = new double[dim];
      grow(dim, n);
    }

    void grow(int dim, int n) {
      z = new double[n * dim];
      offset = new double[n];
      margin = new double[n];
      arm = new int[n];
    }
  }

  @Override
  public Choice choose(PricingRequest request, long decisionId, Candidates c) {
    int n = c.count();
    Work w = work.get();
    if (w.offset.length < n) {
      w.grow(dim, Math.max(n, 2 * w.offset.length));
    }
    int[] index = resolve(c).index;
    double ref = request.referencePrice().doubleValue();
    int greedy = c.greedy();
    int k = 0;
    for (int i = 0; i < n; i++) {
      double v = c.value(i);
      double d = c.demand(i);
      if (!(Double.isFinite(v) && d >= 0 && Double.isFinite(d)) || !BanditExplorer.isArm(i, n, greedy, maxArms)) {
        continue;
      }
      double r = c.price(i) / ref - 1;
      int base = k * dim;
      w.z[base] = 1;
      w.z[base + 1] = r;
      for (int j = 0; j < selected.length; j++) {
        double xj = c.feature(index[j]);
        if (!Double.isFinite(xj)) {
          throw new IllegalArgumentException("feature " + selectedNames.get(j) + " is not finite: " + xj);
        }
        w.z[base + 2 + j] = xj;
        w.z[base + 2 + selected.length + j] = xj * r;
      }
      double dc = Math.min(1 - CLAMP, Math.max(CLAMP, d));
      w.offset[k] = Math.log(dc / (1 - dc));
      w.margin[k] = d > 1e-9 ? v / d : c.price(i) - c.unitCost();
      w.arm[k] = i;
      k++;
    }
    if (k == 0) {
      throw new IllegalArgumentException("no candidate has a finite value for product " + request.product().id()
          + " (decision " + decisionId + ")");
    }
    Posterior post = posterior;
    w.rng.reseed(seed, nextStream(w));
    int chosen = draw(w, post, k);
    double propensity = 1;
    if (k > 1) {
      int wins = 0;
      for (int s = 0; s < samples; s++) {
        if (draw(w, post, k) == chosen) {
          wins++;
        }
      }
      propensity = Math.max(floor, wins / (double) samples);
    }
    double[] z = new double[dim];
    System.arraycopy(w.z, chosen * dim, z, 0, dim);
    register(decisionId, new Pending(z, w.offset[chosen]));
    return new Choice(w.arm[chosen], propensity);
  }

  /** The selected features' indices in the candidates' schema (the engine's), resolved once per schema. */
  private Resolved resolve(Candidates c) {
    FeatureSchema schema = c.featureSchema();
    Resolved r = resolved;
    if (r != null && r.schema == schema) {
      return r;
    }
    int[] index = new int[selectedNames.size()];
    for (int j = 0; j < index.length; j++) {
      index[j] = schema.indexOf(selectedNames.get(j));
      if (index[j] < 0) {
        throw new IllegalArgumentException("feature " + selectedNames.get(j) + " is not in the engine's schema; "
            + "build the engine with the extractors this explorer was built with");
      }
    }
    r = new Resolved(schema, index);
    resolved = r;
    return r;
  }

  private long nextStream(Work w) {
    if (w.nextStream == w.streamLimit) {
      w.nextStream = streams.getAndAdd(1024);
      w.streamLimit = w.nextStream + 1024;
    }
    return w.nextStream++;
  }

  /** Draws theta = m + L e and returns the arm (index into the work arrays) with the best sampled value. */
  private int draw(Work w, Posterior post, int k) {
    double[] m = post.mean;
    double[] l = post.chol;
    for (int j = 0; j < dim; j++) {
      w.e[j] = w.rng.nextGaussian();
    }
    for (int r = 0; r < dim; r++) {
      double t = m[r];
      int row = r * dim;
      for (int j = 0; j <= r; j++) {
        t += l[row + j] * w.e[j];
      }
      w.theta[r] = t;
    }
    int best = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < k; a++) {
      double eta = w.offset[a];
      int base = a * dim;
      for (int j = 0; j < dim; j++) {
        eta += w.theta[j] * w.z[base + j];
      }
      double value = w.margin[a] / (1 + Math.exp(-eta));
      if (value > bestValue) {
        bestValue = value;
        best = a;
      }
    }
    return best;
  }

  private void register(long decisionId, Pending p) {
    long s = ringSeq.getAndIncrement();
    int slot = (int) (s % maxPending);
    long old = ring.getAndSet(slot, decisionId + 1);
    if (old != 0 && pending.remove(old - 1) != null) {
      evicted.increment();
    }
    pending.put(decisionId, p);
  }

  /**
   * Updates the posterior with an outcome (one Newton step; see the class description).
   *
   * @param outcome the outcome
   * @throws IllegalArgumentException naming the decision id if it is not pending here: never chosen by this
   *     explorer, evicted, or already recorded
   */
  @Override
  public void record(Outcome outcome) {
    long id = outcome.decisionId();
    Pending p = pending.remove(id);
    if (p == null) {
      throw new IllegalArgumentException("decisionId " + id + " is not pending in this explorer: it was never"
          + " chosen here, was evicted from the pending map, or its outcome was already recorded");
    }
    double y = outcome.bought() ? 1 : 0;
    double[] z = p.z;
    synchronized (lock) {
      double eta = p.offset;
      for (int j = 0; j < dim; j++) {
        eta += mean[j] * z[j];
      }
      double q = 1 / (1 + Math.exp(-eta));
      double v = q * (1 - q);
      double[] u = new double[dim];
      double zu = 0;
      for (int r = 0; r < dim; r++) {
        double t = 0;
        double[] row = cov[r];
        for (int j = 0; j < dim; j++) {
          t += row[j] * z[j];
        }
        u[r] = t;
        zu += z[r] * t;
      }
      double denom = 1 + v * zu;
      double step = (y - q) / denom;
      double shrink = v / denom;
      for (int r = 0; r < dim; r++) {
        mean[r] += u[r] * step;
        double[] row = cov[r];
        double ur = u[r] * shrink;
        for (int j = 0; j < dim; j++) {
          row[j] -= ur * u[j];
        }
      }
      updates++;
      double[] chol = posterior.chol;
      if (updates % refreshEvery == 0) {
        chol = cholesky();
      }
      posterior = new Posterior(mean.clone(), chol);
    }
    recorded.increment();
  }

  /** Lower Cholesky factor of the (symmetrised) covariance, row-major; keeps the old one if not positive. */
  private double[] cholesky() {
    RealMatrix s = MatrixUtils.createRealMatrix(dim, dim);
    for (int r = 0; r < dim; r++) {
      for (int j = 0; j < dim; j++) {
        s.setEntry(r, j, 0.5 * (cov[r][j] + cov[j][r]) + (r == j ? 1e-12 : 0));
      }
    }
    try {
      RealMatrix l = new CholeskyDecomposition(s, 1e-10, 1e-14).getL();
      double[] out = new double[dim * dim];
      for (int r = 0; r < dim; r++) {
        for (int j = 0; j <= r; j++) {
          out[r * dim + j] = l.getEntry(r, j);
        }
      }
      return out;
    } catch (NonPositiveDefiniteMatrixException | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
      return posterior.chol;
    }
  }

  /**
   * Returns the posterior mean of the correction's coefficients, named: {@code intercept},
   * {@code price}, then each feature and each {@code feature x price}.
   *
   * @return name to coefficient, in order
   */
  public java.util.Map<String, Double> coefficients() {
    double[] m = posterior.mean;
    java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
    out.put("intercept", m[0]);
    out.put("price", m[1]);
    for (int j = 0; j < selected.length; j++) {
      out.put(selectedNames.get(j), m[2 + j]);
      out.put(selectedNames.get(j) + " x price", m[2 + selected.length + j]);
    }
    return out;
  }

  /** @return decisions waiting for an outcome */
  public int pendingCount() {
    return pending.size();
  }

  /** @return pending decisions dropped because the pending map was full */
  public long evictedCount() {
    return evicted.sum();
  }

  /** @return outcomes recorded */
  public long recordedCount() {
    return recorded.sum();
  }

  @Override
  public String toString() {
    return "ContextualThompsonExplorer[features=" + selectedNames + ", K=" + samples + "]";
  }

  /** A builder of {@link ContextualThompsonExplorer}. Not thread-safe. */
  public static final class Builder {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("contextualThompson");
    private final List<FeatureExtractor> extractors;
    private List<String> features;
    private double priorSd = 1;
    private int samples = 16;
    private double floor = 0.01;
    private int maxArms = 8;
    private int maxPending = 1 << 20;
    private int refreshEvery = 64;
    private long seed = 1;

    private Builder(List<? extends FeatureExtractor> extractors) {
      Objects.requireNonNull(extractors, "extractors");
      if (extractors.isEmpty()) {
        throw new IllegalArgumentException("extractors must not be empty, found []");
      }
      this.extractors = List.copyOf(extractors);
    }

    /**
     * Selects the features the correction uses (default all the extractors write).
     *
     * @param names feature names, each written by one of the extractors
     * @return this builder
     */
    public Builder features(String... names) {
      options.once("features", names);
      this.features = List.of(names);
      return this;
    }

    /**
     * Sets the prior standard deviation of every coefficient (default 1).
     *
     * @param sd positive and finite
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder priorSd(double sd) {
      options.once("priorSd", sd);
      if (!(sd > 0 && sd < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("priorSd must be positive and finite, found " + sd);
      }
      this.priorSd = sd;
      return this;
    }

    /**
     * Sets K, the draws that estimate the propensity (default 16).
     *
     * @param k at least 1
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder propensitySamples(int k) {
      options.once("propensitySamples", k);
      if (k < 1) {
        throw new IllegalArgumentException("propensitySamples must be at least 1, found " + k);
      }
      this.samples = k;
      return this;
    }

    /**
     * Sets the smallest propensity reported (default 0.01).
     *
     * @param floor in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder propensityFloor(double floor) {
      options.once("propensityFloor", floor);
      if (!(floor > 0 && floor <= 1)) {
        throw new IllegalArgumentException("propensityFloor must be in (0, 1], found " + floor);
      }
      this.floor = floor;
      return this;
    }

    /**
     * Sets the most arms per decision (default 8), as for the cell bandits.
     *
     * @param max at least 2
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder maxArms(int max) {
      options.once("maxArms", max);
      if (max < 2) {
        throw new IllegalArgumentException("maxArms must be at least 2, found " + max);
      }
      this.maxArms = max;
      return this;
    }

    /**
     * Sets the bound of the pending map (default 1,048,576).
     *
     * @param max positive
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder maxPending(int max) {
      options.once("maxPending", max);
      if (max <= 0) {
        throw new IllegalArgumentException("maxPending must be positive, found " + max);
      }
      this.maxPending = max;
      return this;
    }

    /**
     * Sets how many outcomes pass between refreshes of the covariance factor used for sampling (default 64).
     *
     * @param n positive
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder refreshEvery(int n) {
      options.once("refreshEvery", n);
      if (n <= 0) {
        throw new IllegalArgumentException("refreshEvery must be positive, found " + n);
      }
      this.refreshEvery = n;
      return this;
    }

    /**
     * Sets the seed (default 1).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      options.once("seed", seed);
      this.seed = seed;
      return this;
    }

    /**
     * Builds the explorer.
     *
     * @return the explorer
     * @throws IllegalArgumentException naming a selected feature that no extractor writes
     */
    public ContextualThompsonExplorer build() {
      return new ContextualThompsonExplorer(this);
    }
  }
}
