package dev.pricing.core.demand;

import dev.pricing.api.FeatureSchema;

/**
 * {@link DemandAlgorithm#GBDT_CONVERSION} and {@link DemandAlgorithm#GBDT_UNITS}: monotone gradient-boosted trees.
 * Thread-safe.
 */
final class GbdtAlgorithm implements AlgorithmTrainer {
  private final DemandModelTrainer t;

  GbdtAlgorithm(DemandModelTrainer t) {
    this.t = t;
  }

  @Override
  public TrainingResult fit(FeatureSchema schema, TrainingRows rows, boolean[] validation, double[] weight,
      int trainN, int validN) {
    throw new IllegalArgumentException(t.algorithm.id() + " is not available in this build");
  }
}
