package dev.pricing.eval;

import java.util.List;
import java.util.Locale;

/**
 * The cumulative regret of one policy over a sequence of simulated requests, sampled at checkpoints.
 * Regret is pseudo-regret: the benchmark's true expected profit minus the policy's true expected profit at
 * the price it served, summed over requests (no purchase noise in the measure; purchases drawn from the
 * true demand only drive learning). Immutable and thread-safe.
 *
 * @param policy the policy's name
 * @param points the checkpoints, in order; the last is at the end of the run
 */
public record RegretCurve(String policy, List<Point> points) {

  /**
   * One checkpoint.
   *
   * @param requests requests served so far
   * @param profit cumulative true expected profit of the policy
   * @param regretVsBestFixed cumulative regret against the best fixed ladder price per product in hindsight
   * @param regretVsOracle cumulative regret against the personalised oracle
   */
  public record Point(int requests, double profit, double regretVsBestFixed, double regretVsOracle) {}

  /** Copies the points. */
  public RegretCurve {
    java.util.Objects.requireNonNull(policy, "policy");
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("points must not be empty, found 0");
    }
  }

  /** @return the last checkpoint */
  public Point last() {
    return points.get(points.size() - 1);
  }

  /**
   * Returns the regret against the best fixed price per product accrued between two checkpoints' request
   * counts (each must be a checkpoint, or 0).
   *
   * @param fromRequests the start (exclusive)
   * @param toRequests the end (inclusive)
   * @return the regret in that range
   * @throws IllegalArgumentException naming the value if either is not a checkpoint
   */
  public double regretVsBestFixedBetween(int fromRequests, int toRequests) {
    return at(toRequests).regretVsBestFixed() - (fromRequests == 0 ? 0 : at(fromRequests).regretVsBestFixed());
  }

  /**
   * Returns the regret against the oracle accrued between two checkpoints (see
   * {@link #regretVsBestFixedBetween}).
   *
   * @param fromRequests the start (exclusive)
   * @param toRequests the end (inclusive)
   * @return the regret in that range
   */
  public double regretVsOracleBetween(int fromRequests, int toRequests) {
    return at(toRequests).regretVsOracle() - (fromRequests == 0 ? 0 : at(fromRequests).regretVsOracle());
  }

  /**
   * Returns the growth exponent of the regret against the best fixed price: the slope of a least-squares
   * line through {@code (log requests, log regret)} over the checkpoints from {@code fromRequests} on (with
   * positive regret). 1 means linear growth; below 1, sub-linear ({@code sqrt(T)} gives 0.5).
   *
   * @param fromRequests the first checkpoint to use
   * @return the exponent, NaN with fewer than 3 usable checkpoints or when the final regret is not positive
   *     (the policy beat the benchmark)
   */
  public double growthExponent(int fromRequests) {
    return exponent(fromRequests, false);
  }

  /**
   * Returns the growth exponent of the regret against the oracle (see {@link #growthExponent}).
   *
   * @param fromRequests the first checkpoint to use
   * @return the exponent, NaN with fewer than 3 usable checkpoints
   */
  public double oracleGrowthExponent(int fromRequests) {
    return exponent(fromRequests, true);
  }

  private double exponent(int fromRequests, boolean oracle) {
    double end = oracle ? last().regretVsOracle() : last().regretVsBestFixed();
    if (!(end > 0)) {
      return Double.NaN;
    }
    org.apache.commons.math3.stat.regression.SimpleRegression fit =
        new org.apache.commons.math3.stat.regression.SimpleRegression();
    for (Point p : points) {
      double r = oracle ? p.regretVsOracle() : p.regretVsBestFixed();
      if (p.requests() >= fromRequests && r > 0) {
        fit.addData(Math.log(p.requests()), Math.log(r));
      }
    }
    return fit.getN() < 3 ? Double.NaN : fit.getSlope();
  }

  private Point at(int requests) {
    for (Point p : points) {
      if (p.requests() == requests) {
        return p;
      }
    }
    throw new IllegalArgumentException("requests " + requests + " is not a checkpoint of " + policy);
  }

  /**
   * Writes curves as CSV: {@code policy,requests,profit,regret_vs_best_fixed,regret_vs_oracle}.
   *
   * @param curves the curves
   * @return the CSV text with a header line
   */
  public static String toCsv(List<RegretCurve> curves) {
    StringBuilder sb = new StringBuilder("policy,requests,profit,regret_vs_best_fixed,regret_vs_oracle\n");
    for (RegretCurve c : curves) {
      for (Point p : c.points) {
        sb.append('"').append(c.policy.replace("\"", "\"\"")).append('"')
            .append(String.format(Locale.ROOT, ",%d,%.4f,%.4f,%.4f%n", p.requests(), p.profit(),
                p.regretVsBestFixed(), p.regretVsOracle()));
      }
    }
    return sb.toString();
  }
}
