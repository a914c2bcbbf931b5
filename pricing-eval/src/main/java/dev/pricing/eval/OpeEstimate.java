package dev.pricing.eval;

/**
 * An off-policy estimate of a target policy's value per request, with a confidence interval.
 *
 * <p>Rejects a blank estimator name, non-finite value, bounds or standard error, a negative standard
 * error, bounds that do not enclose the value, a confidence outside (0, 1) and a non-positive sample size.
 * Immutable and thread-safe.
 *
 * @param estimator the estimator, for example {@code IPS}
 * @param value the estimated value per request
 * @param standardError the standard error of the estimate
 * @param lower the lower confidence bound
 * @param upper the upper confidence bound
 * @param confidence the confidence level, for example 0.95
 * @param n the number of logged offers
 * @param effectiveSampleSize (sum of weights)^2 / sum of squared weights: how many offers effectively count
 */
public record OpeEstimate(
    String estimator,
    double value,
    double standardError,
    double lower,
    double upper,
    double confidence,
    int n,
    double effectiveSampleSize) {

  /** Validates every component. */
  public OpeEstimate {
    Policies.requireName(estimator);
    PolicyResult.finite(value, "value");
    PolicyResult.finite(standardError, "standardError");
    PolicyResult.finite(lower, "lower");
    PolicyResult.finite(upper, "upper");
    PolicyResult.finite(effectiveSampleSize, "effectiveSampleSize");
    if (standardError < 0) {
      throw new IllegalArgumentException("standardError must be non-negative, found " + standardError);
    }
    if (!(lower <= value && value <= upper)) {
      throw new IllegalArgumentException("interval [" + lower + ", " + upper + "] must contain value " + value);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), found " + confidence);
    }
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive, found " + n);
    }
  }

  /**
   * @param truth a value
   * @return whether the interval contains it
   */
  public boolean covers(double truth) {
    return lower <= truth && truth <= upper;
  }
}
