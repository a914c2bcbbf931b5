package dev.pricing.core.markdown;

import java.util.Locale;

/**
 * The distribution of one period's demand around the demand model's expectation {@code lambda}: Poisson
 * (variance {@code lambda}) or negative binomial with dispersion {@code r} (variance
 * {@code lambda + lambda^2 / r}; it tends to Poisson as {@code r} grows).
 *
 * <p>Poisson is exact when customers arrive as a Poisson process and each buys independently with a
 * probability that may differ between customers (thinning). The negative binomial is the Poisson whose rate
 * is itself gamma-distributed with mean {@code lambda} and shape {@code r}: use it when demand is more
 * variable than Poisson.
 *
 * <p>Immutable and thread-safe.
 */
public final class DemandDistribution {
  /** Probability mass the planner may leave out of a period's demand distribution (its far upper tail). */
  public static final double TAIL = 1e-13;
  private static final DemandDistribution POISSON = new DemandDistribution(Double.POSITIVE_INFINITY);
  private final double dispersion;

  private DemandDistribution(double dispersion) {
    this.dispersion = dispersion;
  }

  /** @return the Poisson distribution */
  public static DemandDistribution poisson() {
    return POISSON;
  }

  /**
   * Returns the negative binomial with the given dispersion (gamma shape) {@code r}.
   *
   * @param dispersion {@code r}, finite and positive
   * @return the distribution
   * @throws IllegalArgumentException if the dispersion is not finite and positive
   */
  public static DemandDistribution negativeBinomial(double dispersion) {
    if (!(dispersion > 0) || !Double.isFinite(dispersion)) {
      throw new IllegalArgumentException("dispersion must be finite and positive, found " + dispersion);
    }
    return new DemandDistribution(dispersion);
  }

  /** @return whether this is the Poisson distribution */
  public boolean isPoisson() {
    return dispersion == Double.POSITIVE_INFINITY;
  }

  /** @return the negative binomial's dispersion, or positive infinity for Poisson */
  public double dispersion() {
    return dispersion;
  }

  /**
   * Returns the variance of demand with the given mean.
   *
   * @param mean the mean
   * @return the variance
   */
  public double variance(double mean) {
    return isPoisson() ? mean : mean + mean * mean / dispersion;
  }

  /**
   * Writes {@code P(D = k)} for {@code k = 0, 1, ...} into {@code out} until either the mass written
   * reaches {@code 1 - TAIL} or {@code maxUnits + 1} values are written, and returns how many were written.
   * Computed by the exact recurrence from the mode-free start {@code P(D = 0)} in log space, so means of
   * thousands do not underflow.
   *
   * @param mean the expected demand, finite and non-negative
   * @param maxUnits the largest demand of interest (larger demands are not distinguished)
   * @param out receives the probabilities; at least {@code maxUnits + 1} long
   * @return the number of values written, at least 1
   * @throws IllegalArgumentException if the mean is negative or not finite
   */
  public int pmf(double mean, int maxUnits, double[] out) {
    if (!(mean >= 0) || !Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean demand must be finite and non-negative, found " + mean);
    }
    if (mean == 0) {
      out[0] = 1;
      return 1;
    }
    // log P(D = k) by the ratio P(k + 1) / P(k), accumulated in log space.
    double logP;
    double logRatioBase;
    if (isPoisson()) {
      logP = -mean;
      logRatioBase = Math.log(mean);
    } else {
      double r = dispersion;
      logP = r * Math.log(r / (r + mean));
      logRatioBase = Math.log(mean / (r + mean));
    }
    double cum = 0;
    int k = 0;
    while (true) {
      double p = Math.exp(logP);
      out[k] = p;
      cum += p;
      if (k == maxUnits || (cum >= 1 - TAIL && k >= mean)) {
        return k + 1;
      }
      double ratio = isPoisson() ? logRatioBase - Math.log(k + 1)
          : logRatioBase + Math.log((k + dispersion) / (k + 1));
      logP += ratio;
      k++;
    }
  }

  @Override
  public String toString() {
    return isPoisson() ? "Poisson" : String.format(Locale.ROOT, "NegativeBinomial(r=%s)", dispersion);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DemandDistribution d && Double.compare(d.dispersion, dispersion) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(dispersion);
  }
}
