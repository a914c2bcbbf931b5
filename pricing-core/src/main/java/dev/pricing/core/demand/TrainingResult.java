package dev.pricing.core.demand;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DemandModelTrainer#train} returns: the model and its evaluation on the held-out offers.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the trained model
 * @param evaluation its evaluation
 * @param diagnostics how the fit went (solver, convergence, slope bound, sanity gate), where the algorithm reports
 *     it (the GLM and boosted-tree algorithms)
 * @param entities what a GLM with {@link EntityEffects} learnt per entity level (pooled, raw and shrunk slopes with
 *     intervals); empty otherwise
 */
public record TrainingResult(TrainedDemandModel model, DemandEvaluation evaluation,
    Optional<FitDiagnostics> diagnostics, Optional<EntityReport> entities) {

  /**
   * Creates a result without an entity report.
   *
   * @param model the trained model
   * @param evaluation its evaluation
   * @param diagnostics how the fit went
   */
  public TrainingResult(TrainedDemandModel model, DemandEvaluation evaluation, Optional<FitDiagnostics> diagnostics) {
    this(model, evaluation, diagnostics, Optional.empty());
  }

  /**
   * Creates a result without diagnostics.
   *
   * @param model the trained model
   * @param evaluation its evaluation
   */
  public TrainingResult(TrainedDemandModel model, DemandEvaluation evaluation) {
    this(model, evaluation, Optional.empty(), Optional.empty());
  }

  /**
   * Validates.
   *
   * @throws NullPointerException if a component is null
   */
  public TrainingResult {
    Objects.requireNonNull(model, "model must not be null");
    Objects.requireNonNull(evaluation, "evaluation must not be null");
    Objects.requireNonNull(diagnostics, "diagnostics must not be null");
    Objects.requireNonNull(entities, "entities must not be null");
  }
}
