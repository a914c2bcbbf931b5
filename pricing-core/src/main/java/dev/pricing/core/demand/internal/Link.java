package dev.pricing.core.demand.internal;

/** How a linear predictor becomes demand. Immutable and thread-safe (an enum). */
public enum Link {
  /** Conversion probability: {@code 1 / (1 + exp(-s))}. */
  LOGISTIC,
  /** Expected units: {@code max(0, exp(s) * smear - smoothing)}, with {@code s} capped so it stays finite. */
  LOG_UNITS;

  /** The cap on the log-units predictor, so that {@code exp} stays finite. */
  public static final double MAX_LOG_UNITS = 700;

  /**
   * Applies the link.
   *
   * @param s the linear predictor
   * @param smear the retransformation factor (units only)
   * @param smoothing the constant added to units before the log when training (units only)
   * @return the demand
   */
  public double apply(double s, double smear, double smoothing) {
    if (this == LOGISTIC) {
      return 1.0 / (1.0 + Math.exp(-s));
    }
    double u = Math.exp(Math.min(s, MAX_LOG_UNITS)) * smear - smoothing;
    return u > 0 ? u : 0.0;
  }
}
