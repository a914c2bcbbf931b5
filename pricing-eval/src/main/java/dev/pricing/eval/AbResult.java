package dev.pricing.eval;

import java.util.Objects;

/**
 * The analysis of one metric of an A/B test: each arm's summary and two intervals for the difference
 * (treatment minus control).
 *
 * <p>Rejects null components. Immutable and thread-safe.
 *
 * @param metric the metric's name
 * @param control the control arm
 * @param treatment the treatment arm
 * @param welch the Welch t interval
 * @param bootstrap the percentile bootstrap interval
 */
public record AbResult(String metric, ArmMetrics control, ArmMetrics treatment, DifferenceInterval welch,
    DifferenceInterval bootstrap) {

  /** Validates every component. */
  public AbResult {
    Policies.requireName(metric);
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(treatment, "treatment");
    Objects.requireNonNull(welch, "welch");
    Objects.requireNonNull(bootstrap, "bootstrap");
  }
}
