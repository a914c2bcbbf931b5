package dev.pricing.core.demand;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Retrainer} round did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param at when the round finished (the retrainer's clock)
 * @param examples usable logged offers trained on (decisions with features over the trainer's schema and an
 *     outcome, inside the window)
 * @param skippedNoFeatures decisions in the window without a feature vector over the trainer's schema
 * @param skippedNoOutcome decisions in the window without an outcome (when unobserved outcomes are skipped)
 * @param training the trained model and its held-out evaluation, if training ran and succeeded
 * @param failures why the model was not swapped in (too few examples, a training refusal, failed gate checks);
 *     empty when it was
 * @param swapped whether the model was swapped into the engine
 * @param previousVersion the engine's model version before the round
 * @param currentVersion the engine's model version after the round
 */
public record RetrainResult(Instant at, long examples, long skippedNoFeatures, long skippedNoOutcome,
    Optional<TrainingResult> training, List<String> failures, boolean swapped, String previousVersion,
    String currentVersion) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   */
  public RetrainResult {
    Objects.requireNonNull(at, "at must not be null");
    Objects.requireNonNull(training, "training must not be null");
    failures = List.copyOf(failures);
    Objects.requireNonNull(previousVersion, "previousVersion must not be null");
    Objects.requireNonNull(currentVersion, "currentVersion must not be null");
  }
}
