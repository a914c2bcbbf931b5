package dev.pricing.core.demand.internal;

/**
 * Typed booster parameters. Defaults ({@link #defaults()}): 300 trees, depth 6, eta 0.1, min child weight 1,
 * subsample 1, lambda 1, max bin 256, seed 0, one thread (so that a seed gives the same model on any
 * machine), no early stopping. Every value is checked when the record is created.
 *
 * <p>Immutable and thread-safe (a record).
 *
 * @param trees the number of boosting rounds (one tree per round), at least 1
 * @param maxDepth the maximum tree depth, 1 to 16
 * @param eta the learning rate, in (0, 1]
 * @param minChildWeight the minimum sum of hessians in a child, at least 0
 * @param subsample the share of rows sampled for each tree, in (0, 1]
 * @param lambda the L2 penalty on leaf weights, at least 0
 * @param maxBin the maximum number of histogram bins per feature, 2 to 65536
 * @param seed the random seed (row subsampling)
 * @param threads the number of native threads, at least 1
 * @param earlyStoppingRounds stop when the validation metric has not improved for this many rounds; 0 turns
 *     early stopping off (and a validation matrix is then only reported)
 */
public record GbdtParams(int trees, int maxDepth, double eta, double minChildWeight, double subsample,
    double lambda, int maxBin, long seed, int threads, int earlyStoppingRounds) {

  /** Checks every parameter. */
  public GbdtParams {
    if (trees < 1 || trees > 100_000) {
      throw new IllegalArgumentException("trees must be in [1, 100000], got " + trees);
    }
    if (maxDepth < 1 || maxDepth > 16) {
      throw new IllegalArgumentException("maxDepth must be in [1, 16], got " + maxDepth);
    }
    if (!(eta > 0 && eta <= 1)) {
      throw new IllegalArgumentException("eta must be in (0, 1], got " + eta);
    }
    if (!(minChildWeight >= 0) || Double.isInfinite(minChildWeight)) {
      throw new IllegalArgumentException("minChildWeight must be finite and >= 0, got " + minChildWeight);
    }
    if (!(subsample > 0 && subsample <= 1)) {
      throw new IllegalArgumentException("subsample must be in (0, 1], got " + subsample);
    }
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
    }
    if (maxBin < 2 || maxBin > 65536) {
      throw new IllegalArgumentException("maxBin must be in [2, 65536], got " + maxBin);
    }
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
    }
    if (earlyStoppingRounds < 0) {
      throw new IllegalArgumentException("earlyStoppingRounds must be >= 0, got " + earlyStoppingRounds);
    }
  }

  /** Returns the defaults listed in the class comment. */
  public static GbdtParams defaults() {
    return new GbdtParams(300, 6, 0.1, 1.0, 1.0, 1.0, 256, 0L, 1, 0);
  }

  /**
   * Returns a copy with {@code trees} replaced.
   *
   * @param v the new value
   * @return the copy
   */
  public GbdtParams withTrees(int v) {
    return new GbdtParams(v, maxDepth, eta, minChildWeight, subsample, lambda, maxBin, seed, threads,
        earlyStoppingRounds);
  }

  /**
   * Returns a copy with {@code maxDepth} replaced.
   *
   * @param v the new value
   * @return the copy
   */
  public GbdtParams withMaxDepth(int v) {
    return new GbdtParams(trees, v, eta, minChildWeight, subsample, lambda, maxBin, seed, threads,
        earlyStoppingRounds);
  }

  /**
   * Returns a copy with {@code eta} replaced.
   *
   * @param v the new value
   * @return the copy
   */
  public GbdtParams withEta(double v) {
    return new GbdtParams(trees, maxDepth, v, minChildWeight, subsample, lambda, maxBin, seed, threads,
        earlyStoppingRounds);
  }

  /**
   * Returns a copy with {@code minChildWeight} replaced.
   *
   * @param v the new value
   * @return the copy
   */
  public GbdtParams withMinChildWeight(double v) {
    return new GbdtParams(trees, maxDepth, eta, v, subsample, lambda, maxBin, seed, threads,
        earlyStoppingRounds);
  }

  /**
   * Returns a copy with {@code subsample} replaced.
   *
   * @param v the new value
   * @return the copy
   */
  public GbdtParams withSubsample(double v) {
    return new GbdtParams(trees, maxDepth, eta, minChildWeight, v, lambda, maxBin, seed, threads,
        earlyStoppingRounds);
  }

  /**
   * Returns a copy with {@code lambda} replaced.
   *
   * @param v the new value
   * @return the copy
   */
  public GbdtParams withLambda(double v) {
    return new GbdtParams(trees, maxDepth, eta, minChildWeight, subsample, v, maxBin, seed, threads,
        earlyStoppingRounds);
  }

  /**
   * Returns a copy with {@code maxBin} replaced.
   *
   * @param v the new value
   * @return the copy
   */
  public GbdtParams withMaxBin(int v) {
    return new GbdtParams(trees, maxDepth, eta, minChildWeight, subsample, lambda, v, seed, threads,
        earlyStoppingRounds);
  }

  /**
   * Returns a copy with {@code seed} replaced.
   *
   * @param v the new value
   * @return the copy
   */
  public GbdtParams withSeed(long v) {
    return new GbdtParams(trees, maxDepth, eta, minChildWeight, subsample, lambda, maxBin, v, threads,
        earlyStoppingRounds);
  }

  /**
   * Returns a copy with {@code threads} replaced.
   *
   * @param v the new value
   * @return the copy
   */
  public GbdtParams withThreads(int v) {
    return new GbdtParams(trees, maxDepth, eta, minChildWeight, subsample, lambda, maxBin, seed, v,
        earlyStoppingRounds);
  }

  /**
   * Returns a copy with {@code earlyStoppingRounds} replaced.
   *
   * @param v the new value
   * @return the copy
   */
  public GbdtParams withEarlyStoppingRounds(int v) {
    return new GbdtParams(trees, maxDepth, eta, minChildWeight, subsample, lambda, maxBin, seed, threads, v);
  }
}
