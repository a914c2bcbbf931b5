package dev.pricing.core.demand;

import java.util.Objects;

/**
 * What {@link DemandModelTrainer#train} returns: the model and its evaluation on the held-out offers.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the trained model
 * @param evaluation its evaluation
 */
public record TrainingResult(TrainedDemandModel model, DemandEvaluation evaluation) {
  /**
   * Validates.
   *
   * @throws NullPointerException if a component is null
   */
  public TrainingResult {
    Objects.requireNonNull(model, "model must not be null");
    Objects.requireNonNull(evaluation, "evaluation must not be null");
  }
}
