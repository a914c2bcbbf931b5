package dev.pricing.core.demand;

import dev.pricing.api.FeatureSchema;

/**
 * One algorithm's fit, behind the {@link DemandModelTrainer} that ingests the log, splits it, weights it and checks
 * the outcomes: {@link SgdAlgorithm}, {@link CartAlgorithm}, {@link GlmAlgorithm}, {@link GbdtAlgorithm}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
interface AlgorithmTrainer {

  /**
   * Fits and evaluates.
   *
   * @param schema the training schema
   * @param rows every offer, extracted
   * @param validation which rows are held out
   * @param weight per-row weights
   * @param trainN training rows
   * @param validN held-out rows
   * @return the model and its evaluation
   * @throws IllegalArgumentException if the rows cannot train this model
   */
  TrainingResult fit(FeatureSchema schema, TrainingRows rows, boolean[] validation, double[] weight, int trainN,
      int validN);
}
