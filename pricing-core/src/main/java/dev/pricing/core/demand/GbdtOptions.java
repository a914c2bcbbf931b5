package dev.pricing.core.demand;

import java.util.List;
import java.util.Objects;

/**
 * Options of the monotone boosted-tree algorithms ({@link DemandAlgorithm#GBDT_CONVERSION},
 * {@link DemandAlgorithm#GBDT_UNITS}); the trainer refuses them for any other algorithm. The booster trains on one
 * native thread, so a seed gives the same model on any machine.
 *
 * <p>Immutable and thread-safe.
 *
 * @param trees the maximum number of boosting rounds, 1 to 5000
 * @param maxDepth the maximum tree depth, 1 to 12
 * @param eta the learning rate, in (0, 1]
 * @param minChildWeight the minimum hessian sum in a child, at least 0
 * @param subsample the share of rows sampled per tree, in (0, 1]
 * @param lambda the L2 penalty on leaf weights, at least 0
 * @param earlyStoppingRounds stop when the loss on the latest 10% of the training offers has not improved for
 *     this many rounds and keep the best round (0: train every round)
 * @param priceFeatures the candidate-price features, each trained under a monotone constraint; empty for the
 *     algorithm's {@linkplain DemandAlgorithm#defaultCandidatePriceFeatures() defaults}
 * @param demandCapFactor units models: demand above this multiple of the largest training outcome is absurd
 *     (NaN, so the engine falls back with {@code MODEL_OUTPUT_INVALID}); at least 1
 * @param base the options of a converged GLM fitted first, whose margins the trees start from (XGBoost base
 *     margins) and correct: the price response is then the GLM's smooth one plus monotone corrections, not a
 *     step function alone; null for trees alone (units: used only when no offer sold 0 units)
 */
public record GbdtOptions(int trees, int maxDepth, double eta, double minChildWeight, double subsample, double lambda,
    int earlyStoppingRounds, List<CandidatePriceFeature> priceFeatures, double demandCapFactor, GlmOptions base) {

  /**
   * The defaults: up to 300 rounds of depth 4 at eta 0.05, min child weight 5, subsample 0.8, lambda 1, early
   * stopping after 30 rounds without improvement, default price features, cap 10x, starting from the default GLM.
   */
  public static final GbdtOptions DEFAULTS = new GbdtOptions(300, 4, 0.05, 5, 0.8, 1, 30, List.of(), 10,
      GlmOptions.DEFAULTS);

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  public GbdtOptions {
    if (trees < 1 || trees > 5000) {
      throw new IllegalArgumentException("trees must be in [1, 5000], found " + trees);
    }
    if (maxDepth < 1 || maxDepth > 12) {
      throw new IllegalArgumentException("maxDepth must be in [1, 12], found " + maxDepth);
    }
    if (!(eta > 0 && eta <= 1)) {
      throw new IllegalArgumentException("eta must be in (0, 1], found " + eta);
    }
    if (!(minChildWeight >= 0) || Double.isInfinite(minChildWeight)) {
      throw new IllegalArgumentException("minChildWeight must be finite and >= 0, found " + minChildWeight);
    }
    if (!(subsample > 0 && subsample <= 1)) {
      throw new IllegalArgumentException("subsample must be in (0, 1], found " + subsample);
    }
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, found " + lambda);
    }
    if (earlyStoppingRounds < 0) {
      throw new IllegalArgumentException("earlyStoppingRounds must be >= 0, found " + earlyStoppingRounds);
    }
    priceFeatures = List.copyOf(Objects.requireNonNull(priceFeatures, "priceFeatures must not be null"));
    if (!priceFeatures.isEmpty()) {
      priceFeatures = CandidatePriceFeatures.validate(priceFeatures);
    }
    if (!(demandCapFactor >= 1) || Double.isNaN(demandCapFactor)) {
      throw new IllegalArgumentException("demandCapFactor must be >= 1, found " + demandCapFactor);
    }
  }

  /**
   * Returns a copy with another base GLM.
   *
   * @param glm the GLM's options, or null for trees alone
   * @return the copy
   */
  public GbdtOptions withBase(GlmOptions glm) {
    return new GbdtOptions(trees, maxDepth, eta, minChildWeight, subsample, lambda, earlyStoppingRounds, priceFeatures,
        demandCapFactor, glm);
  }

  /**
   * Returns a copy with another number of rounds and depth.
   *
   * @param rounds the rounds
   * @param depth the depth
   * @return the copy
   */
  public GbdtOptions withTrees(int rounds, int depth) {
    return new GbdtOptions(rounds, depth, eta, minChildWeight, subsample, lambda, earlyStoppingRounds, priceFeatures,
        demandCapFactor, base);
  }

  /**
   * Returns a copy with another learning rate.
   *
   * @param rate the learning rate
   * @return the copy
   */
  public GbdtOptions withEta(double rate) {
    return new GbdtOptions(trees, maxDepth, rate, minChildWeight, subsample, lambda, earlyStoppingRounds,
        priceFeatures, demandCapFactor, base);
  }

  /**
   * Returns a copy with other early stopping.
   *
   * @param rounds rounds without improvement before stopping, 0 for none
   * @return the copy
   */
  public GbdtOptions withEarlyStoppingRounds(int rounds) {
    return new GbdtOptions(trees, maxDepth, eta, minChildWeight, subsample, lambda, rounds, priceFeatures,
        demandCapFactor, base);
  }

  /**
   * Returns a copy with other price features.
   *
   * @param features the features
   * @return the copy
   */
  public GbdtOptions withPriceFeatures(List<CandidatePriceFeature> features) {
    return new GbdtOptions(trees, maxDepth, eta, minChildWeight, subsample, lambda, earlyStoppingRounds, features,
        demandCapFactor, base);
  }
}
