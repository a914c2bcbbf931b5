package dev.pricing.core.engine;

import dev.pricing.api.spi.DemandModel;

/**
 * The one place that decides whether a demand model's output may be priced from. Every stage that reads a
 * score (optimiser, refinement, binding probes, exploration, baseline profit) asks {@link #valid}; an
 * invalid score in the optimiser's grid makes the decision a {@code MODEL_OUTPUT_INVALID} fallback (counted
 * against the model's circuit breaker), never a price computed from it.
 *
 * <p>Today a valid expected demand is finite and non-negative. A bound tied to the model (for example "far
 * above what it was trained on") belongs here: {@link #forModel} sees the model when it is bound or swapped.
 *
 * <p>Immutable and thread-safe.
 */
final class ModelOutputCheck {
  private static final ModelOutputCheck FINITE_NON_NEGATIVE = new ModelOutputCheck();

  private ModelOutputCheck() {}

  /**
   * Returns the check for a model's outputs.
   *
   * @param model the model being bound
   * @return its check
   */
  static ModelOutputCheck forModel(DemandModel model) {
    return FINITE_NON_NEGATIVE;
  }

  /**
   * Returns whether an expected demand (conversion probability or units) may be priced from.
   *
   * @param demand the model's output for one price
   * @return true if finite and non-negative (NaN is invalid)
   */
  boolean valid(double demand) {
    return demand >= 0 && demand != Double.POSITIVE_INFINITY;
  }
}
