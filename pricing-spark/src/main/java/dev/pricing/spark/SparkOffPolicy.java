package dev.pricing.spark;

import dev.pricing.eval.AbTest;
import dev.pricing.eval.Arm;
import dev.pricing.eval.ArmMetrics;
import dev.pricing.eval.DifferenceInterval;
import dev.pricing.eval.OffPolicyEstimator;
import dev.pricing.eval.OpeEstimate;
import dev.pricing.eval.PriceDistribution;
import java.io.Serializable;
import java.util.Objects;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Off-policy evaluation and A/B analysis of logged decisions at scale, with the same estimators and the same
 * arithmetic as the single-machine {@link OffPolicyEstimator} and {@link AbTest#welch}: IPS, self-normalised
 * IPS with its delta-method interval, doubly robust, and the Welch interval for a difference of means. The
 * per-row terms are computed on the executors, then reduced to sums (two passes where the single-machine code
 * takes a mean first, so variances agree to rounding, not just in expectation).
 *
 * <p>The target policy and the reward model see a logged decision row (for example of
 * {@link DecisionLogs#joined}: product, prices, the stored feature vector): a decision log holds no request,
 * so they are written against the row, not against a {@code PricingRequest}.
 *
 * <p>The percentile bootstrap of {@link AbTest#bootstrap} resamples whole arms in memory and is not
 * reproduced here. Counts above {@link Integer#MAX_VALUE} rows are refused ({@link OpeEstimate} holds an
 * int). Stateless and thread-safe.
 */
public final class SparkOffPolicy {
  private SparkOffPolicy() {}

  /** The policy to evaluate, as a function of a logged row; serialisable and thread-safe. */
  @FunctionalInterface
  public interface TargetPolicy extends Serializable {
    /**
     * Returns the target's price distribution for a logged decision.
     *
     * @param row the logged row
     * @return the distribution
     */
    PriceDistribution distribution(Row row);
  }

  /** The expected reward at a price for a logged row, for doubly robust estimates; serialisable. */
  @FunctionalInterface
  public interface RewardModel extends Serializable {
    /**
     * Returns the expected reward.
     *
     * @param row the logged row
     * @param price the price
     * @return the expected reward, finite
     */
    double expectedReward(Row row, double price);
  }

  /** The realised reward of a logged row (for example units times price); serialisable. */
  @FunctionalInterface
  public interface Reward extends Serializable {
    /**
     * Returns the reward.
     *
     * @param row the logged row
     * @return the reward, finite
     */
    double of(Row row);

    /**
     * Revenue: {@code units * price} of a joined decision row.
     *
     * @return the reward
     */
    static Reward revenue() {
      return r -> r.<Double>getAs("units") * Double.parseDouble(r.<String>getAs("price"));
    }

    /**
     * Units: the {@code units} column.
     *
     * @return the reward
     */
    static Reward units() {
      return r -> r.<Double>getAs("units");
    }
  }

  /** The three estimates of one target on one log. */
  public record Estimates(OpeEstimate ips, OpeEstimate snips, OpeEstimate doublyRobust) {}

  /**
   * Estimates a target policy's value per decision from logged rows with a {@code price} and a
   * {@code propensity} column.
   *
   * @param logged the rows
   * @param target the policy to evaluate
   * @param reward the realised reward of a row
   * @param model the reward model for the doubly robust estimate
   * @param confidence the confidence level, in (0, 1)
   * @return IPS, SNIPS and DR
   * @throws IllegalArgumentException if the log is empty, a propensity is outside (0, 1], a reward is not
   *     finite, or the confidence is outside (0, 1)
   */
  public static Estimates estimate(Dataset<Row> logged, TargetPolicy target, Reward reward, RewardModel model,
      double confidence) {
    Objects.requireNonNull(logged, "logged must not be null");
    Objects.requireNonNull(target, "target must not be null");
    Objects.requireNonNull(reward, "reward must not be null");
    Objects.requireNonNull(model, "model must not be null");
    double z = z(confidence);
    // Per row: weight, reward, IPS term, DR term.
    JavaRDD<double[]> terms = logged.javaRDD().map(row -> {
      double price = Double.parseDouble(row.<Object>getAs("price").toString());
      double mu = row.<Double>getAs("propensity");
      if (!(mu > 0 && mu <= 1)) {
        throw new IllegalArgumentException("propensity must be in (0, 1], found " + mu);
      }
      double r = reward.of(row);
      if (!Double.isFinite(r)) {
        throw new IllegalArgumentException("reward must be finite, found " + r);
      }
      PriceDistribution d = Objects.requireNonNull(target.distribution(row), "target distribution");
      double w = d.probabilityOf(price) / mu;
      double direct = 0;
      for (int k = 0; k < d.size(); k++) {
        direct += d.probability(k) * finite(model.expectedReward(row, d.price(k)), d.price(k));
      }
      double correction = w == 0 ? 0 : w * (r - finite(model.expectedReward(row, price), price));
      return new double[] {w, r, w * r, direct + correction};
    }).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      double[] s = terms.treeAggregate(new double[6], (a, t) -> {
        a[0] += 1;
        a[1] += t[0];
        a[2] += t[0] * t[0];
        a[3] += t[0] * t[1];
        a[4] += t[2];
        a[5] += t[3];
        return a;
      }, SparkOffPolicy::add);
      long count = (long) s[0];
      if (count == 0) {
        throw new IllegalArgumentException("log must not be empty, found 0 rows");
      }
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("log has " + count + " rows; at most " + Integer.MAX_VALUE);
      }
      int n = (int) count;
      double sw = s[1];
      double ess = s[2] == 0 ? 0 : sw * sw / s[2];
      double ipsMean = s[4] / n;
      double drMean = s[5] / n;
      double v = sw == 0 ? 0 : s[3] / sw;
      double meanW = sw / n;
      double[] dev = terms.treeAggregate(new double[3], (a, t) -> {
        a[0] += (t[2] - ipsMean) * (t[2] - ipsMean);
        a[1] += (t[3] - drMean) * (t[3] - drMean);
        double psi = sw == 0 ? 0 : t[0] * (t[1] - v) / meanW;
        a[2] += psi;
        return a;
      }, SparkOffPolicy::add);
      double psiMean = dev[2] / n;
      double psiDev = sw == 0 ? 0 : terms.treeAggregate(new double[1], (a, t) -> {
        double psi = t[0] * (t[1] - v) / meanW;
        a[0] += (psi - psiMean) * (psi - psiMean);
        return a;
      }, SparkOffPolicy::add)[0];
      double ipsSe = Math.sqrt(variance(dev[0], n) / n);
      double drSe = Math.sqrt(variance(dev[1], n) / n);
      OpeEstimate ips = new OpeEstimate("IPS", ipsMean, ipsSe, ipsMean - z * ipsSe, ipsMean + z * ipsSe, confidence,
          n, ess);
      OpeEstimate dr = new OpeEstimate("DR", drMean, drSe, drMean - z * drSe, drMean + z * drSe, confidence, n, ess);
      OpeEstimate snips;
      if (sw == 0) {
        snips = new OpeEstimate("SNIPS", 0, 0, 0, 0, confidence, n, 0);
      } else {
        double se = Math.sqrt(variance(psiDev, n) / n);
        snips = new OpeEstimate("SNIPS", v, se, v - z * se, v + z * se, confidence, n, ess);
      }
      return new Estimates(ips, snips, dr);
    } finally {
      terms.unpersist();
    }
  }

  /** One arm's summary and the Welch interval of treatment minus control. */
  public record WelchResult(ArmMetrics control, ArmMetrics treatment, DifferenceInterval welch) {}

  /**
   * The Welch analysis of one metric per arm, from sufficient statistics (count, mean, sum of squared
   * deviations from the mean), as {@link AbTest#welch}.
   *
   * @param rows the observations
   * @param armColumn a string column holding {@code control} or {@code treatment} ({@link Arm} names, any case)
   * @param valueColumn a numeric column
   * @param confidence the confidence level, in (0, 1)
   * @return both arms and the interval
   * @throws IllegalArgumentException if an arm has fewer than 2 observations, a value is not finite, an arm
   *     label is unknown, or the confidence is outside (0, 1)
   */
  public static WelchResult welch(Dataset<Row> rows, String armColumn, String valueColumn, double confidence) {
    Objects.requireNonNull(rows, "rows must not be null");
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), found " + confidence);
    }
    JavaRDD<double[]> obs = rows.select(armColumn, valueColumn).javaRDD().map(r -> {
      String arm = r.getString(0);
      double x = ((Number) r.get(1)).doubleValue();
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException(valueColumn + " must be finite, found " + x);
      }
      int a;
      if (Arm.CONTROL.name().equalsIgnoreCase(arm)) {
        a = 0;
      } else if (Arm.TREATMENT.name().equalsIgnoreCase(arm)) {
        a = 1;
      } else {
        throw new IllegalArgumentException(armColumn + " must be control or treatment, found '" + arm + "'");
      }
      return new double[] {a, x};
    }).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      double[] s = obs.treeAggregate(new double[4], (acc, o) -> {
        acc[(int) o[0] * 2] += 1;
        acc[(int) o[0] * 2 + 1] += o[1];
        return acc;
      }, SparkOffPolicy::add);
      long nc = (long) s[0];
      long nt = (long) s[2];
      if (nc < 2 || nt < 2) {
        throw new IllegalArgumentException("each arm needs at least 2 observations, found control " + nc
            + " and treatment " + nt);
      }
      double mc = s[1] / nc;
      double mt = s[3] / nt;
      double[] ss = obs.treeAggregate(new double[2], (acc, o) -> {
        double m = o[0] == 0 ? mc : mt;
        acc[(int) o[0]] += (o[1] - m) * (o[1] - m);
        return acc;
      }, SparkOffPolicy::add);
      double vc = ss[0] / (nc - 1);
      double vt = ss[1] / (nt - 1);
      ArmMetrics control = new ArmMetrics(Arm.CONTROL, Math.toIntExact(nc), mc, Math.sqrt(vc));
      ArmMetrics treatment = new ArmMetrics(Arm.TREATMENT, Math.toIntExact(nt), mt, Math.sqrt(vt));
      double a = vc / nc;
      double b = vt / nt;
      double diff = mt - mc;
      double se = Math.sqrt(a + b);
      DifferenceInterval w;
      if (se == 0) {
        w = new DifferenceInterval("welch", diff, diff, diff, confidence);
      } else {
        double df = (a + b) * (a + b) / (a * a / (nc - 1) + b * b / (nt - 1));
        double t = new TDistribution(null, df).inverseCumulativeProbability(0.5 + confidence / 2);
        w = new DifferenceInterval("welch", diff, diff - t * se, diff + t * se, confidence);
      }
      return new WelchResult(control, treatment, w);
    } finally {
      obs.unpersist();
    }
  }

  private static double finite(double q, double price) {
    if (!Double.isFinite(q)) {
      throw new IllegalArgumentException("reward model returned " + q + " for price " + price);
    }
    return q;
  }

  private static double variance(double sumSquares, int n) {
    return n < 2 ? 0 : sumSquares / (n - 1);
  }

  private static double[] add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  static double z(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), found " + confidence);
    }
    return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + confidence / 2);
  }

}
