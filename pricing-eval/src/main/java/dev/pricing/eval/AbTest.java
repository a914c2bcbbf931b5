package dev.pricing.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A/B test analysis: Welch t intervals and seeded percentile-bootstrap intervals for the difference of
 * means (treatment minus control), and simulated experiments on a {@link MarketSimulator}.
 *
 * <p>Rejects arms with fewer than 2 observations, non-finite observations, arm labels that do not match
 * the observations one to one, a confidence outside (0, 1) and a resample count outside [100, 100000],
 * with an {@link IllegalArgumentException} naming the field and value. Stateless and thread-safe.
 */
public final class AbTest {
  private AbTest() {}

  /**
   * Returns the Welch t interval for the difference of means, with Welch-Satterthwaite degrees of freedom.
   * When both arms have zero variance the interval is the point estimate.
   *
   * @param control the control observations, at least 2
   * @param treatment the treatment observations, at least 2
   * @param confidence the confidence level, in (0, 1)
   * @return the interval
   */
  public static DifferenceInterval welch(double[] control, double[] treatment, double confidence) {
    requireObservations(control, "control");
    requireObservations(treatment, "treatment");
    requireConfidence(confidence);
    double a = OffPolicyEstimator.variance(control) / control.length;
    double b = OffPolicyEstimator.variance(treatment) / treatment.length;
    double diff = OffPolicyEstimator.mean(treatment) - OffPolicyEstimator.mean(control);
    double se = Math.sqrt(a + b);
    if (se == 0) {
      return new DifferenceInterval("welch", diff, diff, diff, confidence);
    }
    double df = (a + b) * (a + b) / (a * a / (control.length - 1) + b * b / (treatment.length - 1));
    double t = new TDistribution(null, df).inverseCumulativeProbability(0.5 + confidence / 2);
    return new DifferenceInterval("welch", diff, diff - t * se, diff + t * se, confidence);
  }

  /**
   * Returns the percentile bootstrap interval for the difference of means, resampling each arm with
   * replacement.
   *
   * @param control the control observations, at least 2
   * @param treatment the treatment observations, at least 2
   * @param confidence the confidence level, in (0, 1)
   * @param resamples how many bootstrap resamples, in [100, 100000]
   * @param seed the seed
   * @return the interval
   */
  public static DifferenceInterval bootstrap(double[] control, double[] treatment, double confidence,
      int resamples, long seed) {
    requireObservations(control, "control");
    requireObservations(treatment, "treatment");
    requireConfidence(confidence);
    if (resamples < 100 || resamples > 100_000) {
      throw new IllegalArgumentException("resamples must be in [100, 100000], found " + resamples);
    }
    SplittableRandom r = new SplittableRandom(seed);
    double[] diffs = new double[resamples];
    for (int k = 0; k < resamples; k++) {
      diffs[k] = resampledMean(treatment, r) - resampledMean(control, r);
    }
    Arrays.sort(diffs);
    double tail = (1 - confidence) / 2;
    double lo = diffs[(int) Math.floor(tail * (resamples - 1))];
    double hi = diffs[(int) Math.ceil((1 - tail) * (resamples - 1))];
    double diff = OffPolicyEstimator.mean(treatment) - OffPolicyEstimator.mean(control);
    return new DifferenceInterval("bootstrap", diff, lo, hi, confidence);
  }

  /**
   * Analyses one metric from observations labelled by arm.
   *
   * @param metric the metric's name
   * @param arms the arm of each observation
   * @param values the observations, as many as {@code arms}
   * @param confidence the confidence level, in (0, 1)
   * @param resamples bootstrap resamples, in [100, 100000]
   * @param seed the bootstrap seed
   * @return the result
   */
  public static AbResult analyse(String metric, List<Arm> arms, double[] values, double confidence,
      int resamples, long seed) {
    Objects.requireNonNull(arms, "arms");
    Objects.requireNonNull(values, "values");
    if (arms.size() != values.length) {
      throw new IllegalArgumentException("arms has " + arms.size() + " labels but values has " + values.length
          + " observations; they must match one to one");
    }
    double[] c = new double[values.length];
    double[] t = new double[values.length];
    int nc = 0;
    int nt = 0;
    for (int i = 0; i < values.length; i++) {
      Arm arm = Objects.requireNonNull(arms.get(i), "arms[" + i + "]");
      if (arm == Arm.CONTROL) {
        c[nc++] = values[i];
      } else {
        t[nt++] = values[i];
      }
    }
    c = Arrays.copyOf(c, nc);
    t = Arrays.copyOf(t, nt);
    return new AbResult(metric, ArmMetrics.of(Arm.CONTROL, c), ArmMetrics.of(Arm.TREATMENT, t),
        welch(c, t, confidence), bootstrap(c, t, confidence, resamples, seed));
  }

  /**
   * Runs a simulated A/B test: assigns each request's unit by hash, offers a price drawn from its arm's
   * policy, draws the purchase from the true demand, and analyses profit, revenue and conversion per
   * request. With {@link RandomisationUnit#PRODUCT} the observations are averaged per product first (the
   * analysis unit is the randomisation unit, so correlated requests of one product are not counted as
   * independent); with {@link RandomisationUnit#CUSTOMER} each request is an observation (customers rarely
   * repeat in a short test; with many repeats, analyse per customer instead).
   *
   * @param simulator the market
   * @param requests the requests, not empty
   * @param control the control policy
   * @param treatment the treatment policy
   * @param assignment the hashed assignment
   * @param unit what is randomised
   * @param confidence the confidence level, in (0, 1)
   * @param seed the seed for prices, purchases and the bootstrap
   * @return the analysis of profit, revenue and conversion, in that order
   */
  public static List<AbResult> simulate(MarketSimulator simulator, List<SimulatedRequest> requests,
      PricingPolicy control, PricingPolicy treatment, HashAssignment assignment, RandomisationUnit unit,
      double confidence, long seed) {
    Objects.requireNonNull(simulator, "simulator");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(treatment, "treatment");
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(unit, "unit");
    if (requests == null || requests.isEmpty()) {
      throw new IllegalArgumentException("requests must not be empty");
    }
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, double[]> byUnit = new LinkedHashMap<>();
    Map<String, Arm> unitArm = new LinkedHashMap<>();
    List<Arm> arms = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (SimulatedRequest s : requests) {
      String id = unit.unitId(s.request());
      Arm arm = assignment.arm(id);
      PriceDistribution d = (arm == Arm.CONTROL ? control : treatment).distribution(s.request());
      double price = d.price(d.sample(r));
      boolean bought = r.nextDouble() < simulator.trueProbability(s.request(), price);
      double cost = s.request().product().unitCost().doubleValue();
      double[] row = bought
          ? new double[] {price - cost - simulator.feeRate() * price, price, 1}
          : new double[] {0, 0, 0};
      if (unit == RandomisationUnit.CUSTOMER) {
        arms.add(arm);
        rows.add(row);
      } else {
        unitArm.put(id, arm);
        double[] acc = byUnit.computeIfAbsent(id, k -> new double[4]);
        for (int j = 0; j < 3; j++) {
          acc[j] += row[j];
        }
        acc[3]++;
      }
    }
    if (unit == RandomisationUnit.PRODUCT) {
      for (Map.Entry<String, double[]> e : byUnit.entrySet()) {
        double[] acc = e.getValue();
        arms.add(unitArm.get(e.getKey()));
        rows.add(new double[] {acc[0] / acc[3], acc[1] / acc[3], acc[2] / acc[3]});
      }
    }
    String[] metrics = {"profit", "revenue", "conversion"};
    List<AbResult> out = new ArrayList<>();
    long bootSeed = r.nextLong();
    for (int j = 0; j < 3; j++) {
      double[] v = new double[rows.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = rows.get(i)[j];
      }
      out.add(analyse(metrics[j], arms, v, confidence, 500, bootSeed + j));
    }
    return List.copyOf(out);
  }

  static void requireObservations(double[] values, String field) {
    if (values == null || values.length < 2) {
      throw new IllegalArgumentException(field + " needs at least 2 observations, found "
          + (values == null ? "null" : values.length));
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(field + "[" + i + "] must be finite, found " + values[i]);
      }
    }
  }

  private static void requireConfidence(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), found " + confidence);
    }
  }

  private static double resampledMean(double[] x, SplittableRandom r) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[r.nextInt(x.length)];
    }
    return s / x.length;
  }
}
