package dev.pricing.eval;

import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Estimates what a target pricing policy would have earned from an offer log collected under another,
 * randomised policy, using the logged propensities: inverse propensity scoring (IPS), self-normalised IPS
 * (SNIPS) and doubly robust (DR, with a {@link RewardModel}). Each estimate comes with a normal-approximation
 * confidence interval from the per-offer terms (for SNIPS, the delta method).
 *
 * <p>The estimates are unbiased (SNIPS consistent) only where the logging policy gave every price the
 * target may offer a positive probability; {@link #support()} reports the share of offers whose context
 * the target prices inside the logged price's support, and the effective sample size shows how much of the
 * log the target uses.
 *
 * <p>{@link #of} rejects an empty or null log and a null target with an {@link IllegalArgumentException};
 * each estimate rejects a confidence outside (0, 1). The target policy is queried once per offer when the
 * estimator is created. Immutable and thread-safe once created.
 */
public final class OffPolicyEstimator {
  private final List<LoggedOffer> log;
  private final double[] weights;
  private final PriceDistribution[] target;

  private OffPolicyEstimator(List<LoggedOffer> log, double[] weights, PriceDistribution[] target) {
    this.log = log;
    this.weights = weights;
    this.target = target;
  }

  /**
   * Prepares estimates of a target policy from a log.
   *
   * @param log the logged offers, not empty
   * @param target the policy to evaluate
   * @return the estimator
   */
  public static OffPolicyEstimator of(List<LoggedOffer> log, PricingPolicy target) {
    if (log == null || log.isEmpty()) {
      throw new IllegalArgumentException("log must not be empty, found " + (log == null ? "null" : "[]"));
    }
    if (target == null) {
      throw new IllegalArgumentException("target must not be null");
    }
    List<LoggedOffer> copy = List.copyOf(log);
    double[] w = new double[copy.size()];
    PriceDistribution[] dist = new PriceDistribution[copy.size()];
    for (int i = 0; i < w.length; i++) {
      LoggedOffer o = copy.get(i);
      dist[i] = Objects.requireNonNull(target.distribution(o.request()), "target distribution");
      w[i] = dist[i].probabilityOf(o.price()) / o.propensity();
    }
    return new OffPolicyEstimator(copy, w, dist);
  }

  /** @return the number of logged offers */
  public int size() {
    return log.size();
  }

  /** @return (sum of weights)^2 / sum of squared weights */
  public double effectiveSampleSize() {
    double s = 0;
    double s2 = 0;
    for (double w : weights) {
      s += w;
      s2 += w * w;
    }
    return s2 == 0 ? 0 : s * s / s2;
  }

  /** @return the share of offers whose logged price the target would also offer with positive probability */
  public double support() {
    int k = 0;
    for (double w : weights) {
      if (w > 0) {
        k++;
      }
    }
    return (double) k / weights.length;
  }

  /**
   * Inverse propensity scoring: the mean of {@code pi(a|x) / mu(a|x) * r}.
   *
   * @param confidence the confidence level of the interval, in (0, 1)
   * @return the estimate
   */
  public OpeEstimate ips(double confidence) {
    double[] terms = new double[weights.length];
    for (int i = 0; i < terms.length; i++) {
      terms[i] = weights[i] * log.get(i).reward();
    }
    return meanEstimate("IPS", terms, confidence);
  }

  /**
   * Self-normalised IPS: {@code sum(w r) / sum(w)}, with a delta-method interval. When no offer has a
   * positive weight the estimate is 0 with a zero-width interval and an effective sample size of 0.
   *
   * @param confidence the confidence level of the interval, in (0, 1)
   * @return the estimate
   */
  public OpeEstimate selfNormalisedIps(double confidence) {
    double z = z(confidence);
    int n = weights.length;
    double sw = 0;
    double swr = 0;
    for (int i = 0; i < n; i++) {
      sw += weights[i];
      swr += weights[i] * log.get(i).reward();
    }
    if (sw == 0) {
      return new OpeEstimate("SNIPS", 0, 0, 0, 0, confidence, n, 0);
    }
    double v = swr / sw;
    double meanW = sw / n;
    double[] psi = new double[n];
    for (int i = 0; i < n; i++) {
      psi[i] = weights[i] * (log.get(i).reward() - v) / meanW;
    }
    double se = Math.sqrt(variance(psi) / n);
    return new OpeEstimate("SNIPS", v, se, v - z * se, v + z * se, confidence, n, effectiveSampleSize());
  }

  /**
   * Doubly robust: the mean of {@code q(x, pi) + pi(a|x) / mu(a|x) * (r - q(x, a))}, where
   * {@code q(x, pi)} is the reward model's value of the target's price distribution.
   *
   * @param model the reward model
   * @param confidence the confidence level of the interval, in (0, 1)
   * @return the estimate
   * @throws IllegalArgumentException if the model returns a non-finite reward
   */
  public OpeEstimate doublyRobust(RewardModel model, double confidence) {
    Objects.requireNonNull(model, "model");
    double[] terms = new double[weights.length];
    for (int i = 0; i < terms.length; i++) {
      LoggedOffer o = log.get(i);
      PriceDistribution d = target[i];
      double direct = 0;
      for (int k = 0; k < d.size(); k++) {
        direct += d.probability(k) * reward(model, o, d.price(k));
      }
      double correction = weights[i] == 0 ? 0 : weights[i] * (o.reward() - reward(model, o, o.price()));
      terms[i] = direct + correction;
    }
    return meanEstimate("DR", terms, confidence);
  }

  private static double reward(RewardModel model, LoggedOffer o, double price) {
    double q = model.expectedReward(o.request(), price);
    if (!Double.isFinite(q)) {
      throw new IllegalArgumentException("reward model returned " + q + " for price " + price
          + " and product " + o.request().product().id());
    }
    return q;
  }

  private OpeEstimate meanEstimate(String name, double[] terms, double confidence) {
    double z = z(confidence);
    double mean = mean(terms);
    double se = Math.sqrt(variance(terms) / terms.length);
    return new OpeEstimate(name, mean, se, mean - z * se, mean + z * se, confidence, terms.length,
        effectiveSampleSize());
  }

  static double z(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), found " + confidence);
    }
    return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + confidence / 2);
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Unbiased sample variance (0 for a single value). */
  static double variance(double[] x) {
    if (x.length < 2) {
      return 0;
    }
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / (x.length - 1);
  }
}
