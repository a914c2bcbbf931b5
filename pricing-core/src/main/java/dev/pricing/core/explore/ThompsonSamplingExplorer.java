package dev.pricing.core.explore;

/**
 * Thompson sampling over price cells: draws a conversion probability for every candidate from its
 * Beta posterior (see {@link BanditExplorer}) and serves the argmax of {@code margin_i * draw_i}.
 *
 * <p><b>Contenders.</b> Candidates that are clearly beaten are left out before sampling: candidate
 * {@code i} takes part when {@code mean_i + z sd_i >= max_j (mean_j - z sd_j)}, with the posterior mean and
 * standard deviation of its value and {@code z = contenderZ} (default 4). With Beta posteriors a left-out
 * candidate would win a draw with a probability of the order of 1e-5 or less; leaving it out makes the
 * policy "Thompson sampling among contenders" (exactly what the propensity below refers to) and keeps the
 * cost per decision proportional to the contenders once the posterior has concentrated.
 *
 * <p><b>Propensity.</b> The probability that Thompson sampling picks a given candidate has no closed form.
 * The served draw is followed by {@code propensitySamples} (K, default 32) further independent rounds of
 * draws from the same posteriors; the reported propensity is {@code max(floor, wins / K)}, where
 * {@code wins} counts the rounds whose argmax is the served candidate. This is an unbiased estimate of the
 * true propensity (before the floor) with standard error {@code sqrt(p (1 - p) / K)}; the floor
 * ({@code propensityFloor}, default 0.01) keeps importance weights bounded when a served
 * candidate happens to win none of the K rounds. When only one candidate is a contender the propensity is
 * exactly 1. {@code ThompsonSamplingExplorerTest} compares the estimate with the brute-force frequency of
 * choices over many decisions.
 *
 * <p>Thread-safe (see {@link BanditExplorer}). Cost: {@code (K + 1) * contenders} Beta draws per decision
 * (two Gamma variates each), measured in {@code ExplorerBenchmark}.
 */
public final class ThompsonSamplingExplorer extends BanditExplorer {
  private final int samples;
  private final double floor;
  private final double z;

  private ThompsonSamplingExplorer(Builder b) {
    super(b);
    this.samples = b.samples;
    this.floor = b.floor;
    this.z = b.z;
  }

  /**
   * Starts a builder with the defaults: seed 1, prior strength 2, 8 arms, 32 propensity samples, floor 0.01,
   * contender z 4, no change cap.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  void pick(Work w, int n, int validCount) {
    double bestLower = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (!w.valid[i]) {
        continue;
      }
      double a = w.a[i];
      double b = w.b[i];
      double s = a + b;
      w.mean[i] = w.margin[i] * (a / s);
      w.sd[i] = Math.abs(w.margin[i]) * Math.sqrt(a * b / (s * s * (s + 1)));
      bestLower = Math.max(bestLower, w.mean[i] - z * w.sd[i]);
    }
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (w.valid[i] && w.mean[i] + z * w.sd[i] >= bestLower) {
        w.idx[k++] = i;
      }
    }
    if (k == 1) {
      w.chosen = w.idx[0];
      w.propensity = 1.0;
      return;
    }
    int chosen = draw(w, k);
    int wins = 0;
    for (int r = 0; r < samples; r++) {
      if (draw(w, k) == chosen) {
        wins++;
      }
    }
    w.chosen = chosen;
    w.propensity = Math.max(floor, wins / (double) samples);
  }

  private static int draw(Work w, int k) {
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      int i = w.idx[j];
      double v = w.margin[i] * w.rng.nextBeta(w.a[i], w.b[i]);
      if (v > bestValue || best < 0) {
        bestValue = v;
        best = i;
      }
    }
    return best;
  }

  /** @return the number of extra draws used to estimate the propensity */
  public int propensitySamples() {
    return samples;
  }

  @Override
  public String toString() {
    return "ThompsonSamplingExplorer[priorStrength=" + priorStrength() + ", K=" + samples + ", floor=" + floor
        + ", z=" + z + ", cap=" + changeCap() + "]";
  }

  /** A builder of {@link ThompsonSamplingExplorer}. Not thread-safe. */
  public static final class Builder extends Settings<Builder> {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("thompsonSampling");
    private int samples = 32;
    private double floor = 0.01;
    private double z = 4;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets K, the number of extra rounds of draws that estimate the propensity (default 32).
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
     * Sets z, how many posterior standard deviations a candidate may trail the best before it is left out
     * (default 4; infinity keeps every candidate).
     *
     * @param z positive
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder contenderZ(double z) {
      options.once("contenderZ", z);
      if (!(z > 0)) {
        throw new IllegalArgumentException("contenderZ must be positive, found " + z);
      }
      this.z = z;
      return this;
    }

    /**
     * Builds the explorer.
     *
     * @return the explorer
     */
    public ThompsonSamplingExplorer build() {
      return new ThompsonSamplingExplorer(this);
    }
  }
}
