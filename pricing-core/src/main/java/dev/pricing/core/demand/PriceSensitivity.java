package dev.pricing.core.demand;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The fitted price coefficient of a linear demand model with a Wald confidence interval.
 *
 * <p>For a log-log units model ({@link PriceTerm#LOG_RELATIVE}) the coefficient is the price elasticity of
 * demand for offers whose interaction features are 0 ({@code d ln E[units] / d ln p}). For a logistic
 * conversion model with {@link PriceTerm#RELATIVE} it is the change in the log-odds of buying per unit of
 * {@code p / L}. The interval comes from the observed information at the fitted coefficients (ordinary
 * least squares covariance for units, {@code (X'WX)^-1} for logistic), inverted with commons-math3. When the
 * monotonicity constraint clamped the coefficient to 0, {@code clamped} is true and the interval is
 * {@code [0, 0]}: the data suggested demand rising with price, which the model refuses to learn.
 * {@code averageElasticity} is the model's point elasticity {@code d ln demand / d ln p} averaged over the
 * validation offers at their offered prices (it includes interactions).
 *
 * <p>Immutable and thread-safe.
 *
 * @param feature the derived feature name of the price term
 * @param coefficient the estimate
 * @param standardError its standard error
 * @param lower the lower confidence bound
 * @param upper the upper confidence bound
 * @param confidenceLevel the interval's level, for example 0.95
 * @param clamped whether monotonicity forced the coefficient to 0
 * @param averageElasticity the mean point elasticity over validation offers, if computable
 */
public record PriceSensitivity(String feature, double coefficient, double standardError, double lower, double upper,
    double confidenceLevel, boolean clamped, OptionalDouble averageElasticity) {

  /**
   * Validates.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a number is not finite, the bounds are out of order or the level is
   *     not in (0, 1)
   */
  public PriceSensitivity {
    Objects.requireNonNull(feature, "feature must not be null");
    Objects.requireNonNull(averageElasticity, "averageElasticity must not be null");
    if (!Double.isFinite(coefficient) || !Double.isFinite(standardError) || !Double.isFinite(lower)
        || !Double.isFinite(upper) || standardError < 0 || lower > upper) {
      throw new IllegalArgumentException("invalid price sensitivity: coefficient " + coefficient + ", se "
          + standardError + ", interval [" + lower + ", " + upper + "]");
    }
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException("confidenceLevel must be in (0, 1), found " + confidenceLevel);
    }
  }

  /**
   * Returns whether a value lies in the confidence interval.
   *
   * @param value the value
   * @return true if {@code lower <= value <= upper}
   */
  public boolean covers(double value) {
    return lower <= value && value <= upper;
  }
}
