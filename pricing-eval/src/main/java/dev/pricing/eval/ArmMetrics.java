package dev.pricing.eval;

import java.util.Objects;

/**
 * One arm's summary of one metric: sample size, mean and standard deviation.
 *
 * <p>Rejects a null arm, fewer than 2 observations, and non-finite or negative figures. Immutable and
 * thread-safe.
 *
 * @param arm the arm
 * @param n the number of observations, at least 2
 * @param mean the mean
 * @param standardDeviation the sample standard deviation (n - 1 in the denominator)
 */
public record ArmMetrics(Arm arm, int n, double mean, double standardDeviation) {

  /** Validates every component. */
  public ArmMetrics {
    Objects.requireNonNull(arm, "arm");
    if (n < 2) {
      throw new IllegalArgumentException(arm + " arm needs at least 2 observations, found n=" + n);
    }
    PolicyResult.finite(mean, "mean");
    PolicyResult.finite(standardDeviation, "standardDeviation");
    if (standardDeviation < 0) {
      throw new IllegalArgumentException("standardDeviation must be non-negative, found " + standardDeviation);
    }
  }

  /**
   * Summarises observations.
   *
   * @param arm the arm
   * @param values the observations, at least 2, all finite
   * @return the summary
   */
  public static ArmMetrics of(Arm arm, double[] values) {
    AbTest.requireObservations(values, arm == Arm.CONTROL ? "control" : "treatment");
    return new ArmMetrics(arm, values.length, OffPolicyEstimator.mean(values),
        Math.sqrt(OffPolicyEstimator.variance(values)));
  }
}
