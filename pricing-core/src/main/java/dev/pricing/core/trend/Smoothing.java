package dev.pricing.core.trend;

/**
 * The parameters of an exponential smoothing recurrence (see {@link SeriesState} for the equations):
 * simple exponential smoothing (level only), Holt's linear trend (level and trend), or Holt-Winters with
 * additive seasonality of period {@code m} (level, trend and {@code m} seasonal terms).
 *
 * <p>Immutable and thread-safe.
 *
 * @param alpha level smoothing, in (0, 1]
 * @param beta trend smoothing, in [0, 1]; only used when {@code trended}
 * @param gamma seasonal smoothing, in [0, 1]; only used when {@code period > 1}
 * @param trended whether the recurrence has a trend term
 * @param period the season length in periods: 0 or 1 for none, otherwise at least 2 (7 for day of week on
 *     daily data, 52 for week of year on weekly data)
 */
public record Smoothing(double alpha, double beta, double gamma, boolean trended, int period) {

  /**
   * Validates the parameters.
   *
   * @throws IllegalArgumentException naming the parameter and its value if it is out of range
   */
  public Smoothing {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], found " + alpha);
    }
    if (!(beta >= 0 && beta <= 1)) {
      throw new IllegalArgumentException("beta must be in [0, 1], found " + beta);
    }
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in [0, 1], found " + gamma);
    }
    if (period < 0 || period > 10_000) {
      throw new IllegalArgumentException("period must be in [0, 10000], found " + period);
    }
  }

  /**
   * Returns simple exponential smoothing: {@code l_t = alpha y_t + (1 - alpha) l_{t-1}}.
   *
   * @param alpha level smoothing
   * @return the parameters
   */
  public static Smoothing simple(double alpha) {
    return new Smoothing(alpha, 0, 0, false, 0);
  }

  /**
   * Returns Holt's linear trend method.
   *
   * @param alpha level smoothing
   * @param beta trend smoothing
   * @return the parameters
   */
  public static Smoothing holt(double alpha, double beta) {
    return new Smoothing(alpha, beta, 0, true, 0);
  }

  /**
   * Returns Holt-Winters with additive seasonality.
   *
   * @param alpha level smoothing
   * @param beta trend smoothing
   * @param gamma seasonal smoothing
   * @param period the season length, at least 2
   * @return the parameters
   * @throws IllegalArgumentException naming the value if the period is below 2
   */
  public static Smoothing holtWinters(double alpha, double beta, double gamma, int period) {
    if (period < 2) {
      throw new IllegalArgumentException("period must be at least 2 for Holt-Winters, found " + period);
    }
    return new Smoothing(alpha, beta, gamma, true, period);
  }

  /** @return whether there is a seasonal component */
  public boolean seasonal() {
    return period > 1;
  }

  /**
   * Returns how many observations initialise the state: 1 for simple smoothing, 2 for Holt, and two full
   * seasons ({@code 2m}) for Holt-Winters.
   *
   * @return the warm-up length
   */
  public int warmUp() {
    return seasonal() ? 2 * period : trended ? 2 : 1;
  }
}
