package dev.pricing.eval;

/**
 * A confidence interval for the difference treatment minus control.
 *
 * <p>Rejects a blank method, non-finite figures, a lower bound above the upper one and a confidence outside
 * (0, 1). Immutable and thread-safe.
 *
 * @param method how the interval was computed, for example {@code welch} or {@code bootstrap}
 * @param estimate the observed difference of means
 * @param lower the lower bound
 * @param upper the upper bound
 * @param confidence the confidence level
 */
public record DifferenceInterval(String method, double estimate, double lower, double upper, double confidence) {

  /** Validates every component. */
  public DifferenceInterval {
    Policies.requireName(method);
    PolicyResult.finite(estimate, "estimate");
    PolicyResult.finite(lower, "lower");
    PolicyResult.finite(upper, "upper");
    if (lower > upper) {
      throw new IllegalArgumentException("lower " + lower + " must not exceed upper " + upper);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), found " + confidence);
    }
  }

  /**
   * @param value a value
   * @return whether the interval contains it
   */
  public boolean covers(double value) {
    return lower <= value && value <= upper;
  }

  /** @return whether the interval excludes zero */
  public boolean significant() {
    return lower > 0 || upper < 0;
  }
}
