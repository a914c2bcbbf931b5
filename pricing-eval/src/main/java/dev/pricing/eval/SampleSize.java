package dev.pricing.eval;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Minimum sample size per arm for a two-sided, two-sample test of a difference (normal approximation).
 *
 * <p>Rejects a baseline rate outside (0, 1), a baseline plus effect outside (0, 1), a zero or non-finite
 * effect, a non-positive or non-finite standard deviation, an alpha outside (0, 1) and a power outside
 * (0, 1), with an {@link IllegalArgumentException} naming the field and value. Stateless and thread-safe.
 */
public final class SampleSize {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private SampleSize() {}

  /**
   * Returns the units per arm to detect a change in a rate (for example conversion) from
   * {@code baselineRate} to {@code baselineRate + minimumDetectableEffect}: {@code n = (z_(1-alpha/2)
   * sqrt(2 pbar (1 - pbar)) + z_power sqrt(p1 (1 - p1) + p2 (1 - p2)))^2 / effect^2}, rounded up.
   *
   * @param baselineRate the control rate, in (0, 1)
   * @param minimumDetectableEffect the absolute change to detect, non-zero, keeping the rate in (0, 1)
   * @param alpha the two-sided significance level, in (0, 1)
   * @param power the probability of detecting the effect, in (0, 1)
   * @return units per arm
   */
  public static long perArmForRate(double baselineRate, double minimumDetectableEffect, double alpha, double power) {
    if (!(baselineRate > 0 && baselineRate < 1)) {
      throw new IllegalArgumentException("baselineRate must be in (0, 1), found " + baselineRate);
    }
    requireEffect(minimumDetectableEffect);
    double p2 = baselineRate + minimumDetectableEffect;
    if (!(p2 > 0 && p2 < 1)) {
      throw new IllegalArgumentException("baselineRate + minimumDetectableEffect must be in (0, 1), found " + p2);
    }
    double za = zAlpha(alpha);
    double zb = zPower(power);
    double pbar = (baselineRate + p2) / 2;
    double num = za * Math.sqrt(2 * pbar * (1 - pbar))
        + zb * Math.sqrt(baselineRate * (1 - baselineRate) + p2 * (1 - p2));
    return (long) Math.ceil(num * num / (minimumDetectableEffect * minimumDetectableEffect));
  }

  /**
   * Returns the units per arm to detect a change of {@code minimumDetectableEffect} in a mean (for example
   * profit per visitor) with standard deviation {@code standardDeviation} in each arm:
   * {@code n = 2 (z_(1-alpha/2) + z_power)^2 sd^2 / effect^2}, rounded up.
   *
   * @param standardDeviation the metric's standard deviation per unit, positive
   * @param minimumDetectableEffect the absolute change to detect, non-zero
   * @param alpha the two-sided significance level, in (0, 1)
   * @param power the probability of detecting the effect, in (0, 1)
   * @return units per arm
   */
  public static long perArmForMean(double standardDeviation, double minimumDetectableEffect, double alpha, double power) {
    if (!(standardDeviation > 0 && Double.isFinite(standardDeviation))) {
      throw new IllegalArgumentException("standardDeviation must be positive and finite, found " + standardDeviation);
    }
    requireEffect(minimumDetectableEffect);
    double z = zAlpha(alpha) + zPower(power);
    double ratio = standardDeviation / minimumDetectableEffect;
    return (long) Math.ceil(2 * z * z * ratio * ratio);
  }

  private static void requireEffect(double effect) {
    if (!Double.isFinite(effect) || effect == 0) {
      throw new IllegalArgumentException("minimumDetectableEffect must be finite and non-zero, found " + effect);
    }
  }

  private static double zAlpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), found " + alpha);
    }
    return STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
  }

  private static double zPower(double power) {
    if (!(power > 0 && power < 1)) {
      throw new IllegalArgumentException("power must be in (0, 1), found " + power);
    }
    return STANDARD_NORMAL.inverseCumulativeProbability(power);
  }
}
