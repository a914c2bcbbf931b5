package dev.pricing.core.explore;

/**
 * Epsilon-greedy over price cells: with probability {@code 1 - epsilon} serves the candidate with the best
 * posterior-mean value {@code margin_i * E[conversion_i]} (see {@link BanditExplorer}), otherwise a
 * candidate drawn uniformly among the {@code n} valid ones. The propensity is exact:
 * {@code 1 - epsilon + epsilon / n} for the greedy candidate, {@code epsilon / n} for the others.
 *
 * <p>Thread-safe (see {@link BanditExplorer}). Cost: one pass over the candidates and one uniform draw.
 */
public final class EpsilonGreedyExplorer extends BanditExplorer {
  private final double epsilon;

  private EpsilonGreedyExplorer(Builder b) {
    super(b);
    this.epsilon = b.epsilon;
  }

  /**
   * Starts a builder with the defaults: epsilon 0.1, seed 1, prior strength 2, 8 arms, no change cap.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  void pick(Work w, int n, int validCount) {
    int greedy = -1;
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (!w.valid[i]) {
        continue;
      }
      double v = w.margin[i] * (w.a[i] / (w.a[i] + w.b[i]));
      if (greedy < 0 || v > best) {
        best = v;
        greedy = i;
      }
    }
    double uniform = epsilon / validCount;
    if (w.rng.nextDouble() < epsilon) {
      int target = w.rng.nextInt(validCount);
      for (int i = 0; i < n; i++) {
        if (w.valid[i] && target-- == 0) {
          w.chosen = i;
          break;
        }
      }
    } else {
      w.chosen = greedy;
    }
    w.propensity = w.chosen == greedy ? 1 - epsilon + uniform : uniform;
  }

  /** @return the exploration probability */
  public double epsilon() {
    return epsilon;
  }

  @Override
  public String toString() {
    return "EpsilonGreedyExplorer[epsilon=" + epsilon + ", priorStrength=" + priorStrength() + ", cap="
        + changeCap() + "]";
  }

  /** A builder of {@link EpsilonGreedyExplorer}. Not thread-safe. */
  public static final class Builder extends Settings<Builder> {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("epsilonGreedy");
    private double epsilon = 0.1;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the exploration probability (default 0.1).
     *
     * @param epsilon in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder epsilon(double epsilon) {
      options.once("epsilon", epsilon);
      if (!(epsilon > 0 && epsilon <= 1)) {
        throw new IllegalArgumentException("epsilon must be in (0, 1], found " + epsilon);
      }
      this.epsilon = epsilon;
      return this;
    }

    /**
     * Builds the explorer.
     *
     * @return the explorer
     */
    public EpsilonGreedyExplorer build() {
      return new EpsilonGreedyExplorer(this);
    }
  }
}
