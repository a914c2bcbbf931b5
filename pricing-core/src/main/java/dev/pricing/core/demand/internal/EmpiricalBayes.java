package dev.pricing.core.demand.internal;

/**
 * Normal-normal empirical Bayes for per-entity estimates: raw estimates {@code d_j} with standard errors
 * {@code s_j} are modelled as {@code d_j ~ N(theta_j, s_j^2)}, {@code theta_j ~ N(mu, tau^2)}. The between-entity
 * variance {@code tau^2} is estimated by restricted maximum likelihood (Fisher-scoring fixed point started from
 * the DerSimonian-Laird moment estimate, truncated at 0), {@code mu} by the precision-weighted mean. Each entity's
 * posterior mean is {@code mu + B_j (d_j - mu)} with {@code B_j = tau^2 / (tau^2 + s_j^2)}, and its posterior
 * variance {@code B_j s_j^2 + (1 - B_j)^2 Var(mu)}. An entity without a usable raw estimate (a non-finite
 * estimate or standard error) gets the prior: {@code mu} with variance {@code tau^2 + Var(mu)}.
 *
 * <p>Thread-safe: static methods.
 */
public final class EmpiricalBayes {

  /**
   * The fit.
   *
   * @param mu the mean of the entity effects
   * @param muVariance the variance of {@code mu}
   * @param tau2 the between-entity variance
   * @param usable entities with a usable raw estimate
   * @param iterations REML iterations
   * @param shrunk per entity, the posterior mean
   * @param posteriorSd per entity, the posterior standard deviation
   * @param weight per entity, {@code B_j} (0 for an entity without a raw estimate)
   */
  public record Fit(double mu, double muVariance, double tau2, int usable, int iterations, double[] shrunk,
      double[] posteriorSd, double[] weight) {}

  private EmpiricalBayes() {}

  /**
   * Fits.
   *
   * @param raw raw estimates
   * @param se their standard errors
   * @return the fit
   * @throws IllegalArgumentException if the lengths differ or no entity has a usable estimate
   */
  public static Fit fit(double[] raw, double[] se) {
    if (raw.length != se.length) {
      throw new IllegalArgumentException("raw has " + raw.length + " estimates, se has " + se.length);
    }
    int n = raw.length;
    boolean[] ok = new boolean[n];
    int usable = 0;
    for (int j = 0; j < n; j++) {
      ok[j] = Double.isFinite(raw[j]) && Double.isFinite(se[j]) && se[j] > 0;
      usable += ok[j] ? 1 : 0;
    }
    if (usable == 0) {
      throw new IllegalArgumentException("no entity has a usable raw estimate (finite, with a positive standard "
          + "error): nothing to pool");
    }
    // DerSimonian-Laird start
    double sw = 0;
    double swd = 0;
    double sw2 = 0;
    for (int j = 0; j < n; j++) {
      if (ok[j]) {
        double wj = 1 / (se[j] * se[j]);
        sw += wj;
        swd += wj * raw[j];
        sw2 += wj * wj;
      }
    }
    double mu = swd / sw;
    double q = 0;
    for (int j = 0; j < n; j++) {
      if (ok[j]) {
        double e = raw[j] - mu;
        q += e * e / (se[j] * se[j]);
      }
    }
    double tau2 = usable > 1 ? Math.max(0, (q - (usable - 1)) / (sw - sw2 / sw)) : 0;
    int iterations = 0;
    if (usable > 1) {
      for (; iterations < 200; iterations++) {
        double a = 0;
        double b = 0;
        double c = 0;
        double m = 0;
        for (int j = 0; j < n; j++) {
          if (ok[j]) {
            double wj = 1 / (se[j] * se[j] + tau2);
            a += wj;
            m += wj * raw[j];
          }
        }
        m /= a;
        for (int j = 0; j < n; j++) {
          if (ok[j]) {
            double wj = 1 / (se[j] * se[j] + tau2);
            double e = raw[j] - m;
            b += wj * wj * (e * e - se[j] * se[j]);
            c += wj * wj;
          }
        }
        double next = Math.max(0, b / c + 1 / a);
        mu = m;
        if (Math.abs(next - tau2) <= 1e-10 * Math.max(1e-12, tau2)) {
          tau2 = next;
          break;
        }
        tau2 = next;
      }
    }
    double a = 0;
    double m = 0;
    for (int j = 0; j < n; j++) {
      if (ok[j]) {
        double wj = 1 / (se[j] * se[j] + tau2);
        a += wj;
        m += wj * raw[j];
      }
    }
    mu = m / a;
    double muVar = 1 / a;
    double[] shrunk = new double[n];
    double[] sd = new double[n];
    double[] weight = new double[n];
    for (int j = 0; j < n; j++) {
      if (ok[j]) {
        double s2 = se[j] * se[j];
        double bj = tau2 / (tau2 + s2);
        weight[j] = bj;
        shrunk[j] = mu + bj * (raw[j] - mu);
        sd[j] = Math.sqrt(bj * s2 + (1 - bj) * (1 - bj) * muVar);
      } else {
        shrunk[j] = mu;
        sd[j] = Math.sqrt(tau2 + muVar);
      }
    }
    return new Fit(mu, muVar, tau2, usable, iterations, shrunk, sd, weight);
  }
}
