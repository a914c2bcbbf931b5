package dev.pricing.eval;

import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.PricingPolicy;
import dev.pricing.eval.SimulatedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Measures the regret of pricing policies, in particular an exploring engine that learns online, on a
 * {@link MarketSimulator} over a fixed sequence of requests.
 *
 * <p>Two benchmarks are computed once per study, in true expected profit per request:
 * <ul>
 *   <li><b>best fixed price per product in hindsight</b> ({@link MarketSimulator#bestUniform} over all the
 *       study's requests): the standard bandit benchmark. A per-(product, price cell) bandit converges to
 *       it, so its regret against it can grow sub-linearly.
 *   <li><b>the personalised oracle</b> ({@link MarketSimulator#oracle()}): the best ladder price for each
 *       request under the true demand. A per-cell bandit cannot reach it (it learns one price per product),
 *       so regret against it grows linearly with a slope at least the gap between the two benchmarks.
 * </ul>
 *
 * <p>{@link #runEngine} prices each request with the engine, draws the purchase from the true demand with
 * a seeded generator and records the outcome back into the engine ({@link PricingEngine#record}), so an
 * explorer learns from the truth. Regret is measured in expectation (see {@link RegretCurve}).
 *
 * <p>Not thread-safe: run one study from one thread (the engine itself is thread-safe).
 */
public final class RegretStudy {
  private final MarketSimulator sim;
  private final List<SimulatedRequest> requests;
  private final int every;
  private final double[] oracle;
  private final double[] bestFixed;

  private RegretStudy(MarketSimulator sim, List<SimulatedRequest> requests, int every) {
    this.sim = sim;
    this.requests = List.copyOf(requests);
    this.every = every;
    int n = requests.size();
    this.oracle = new double[n];
    this.bestFixed = new double[n];
    PricingPolicy o = sim.oracle();
    PricingPolicy b = sim.bestUniform(requests);
    for (int i = 0; i < n; i++) {
      PricingRequest r = requests.get(i).request();
      oracle[i] = sim.trueExpectedProfit(r, o.distribution(r).price(0));
      bestFixed[i] = sim.trueExpectedProfit(r, b.distribution(r).price(0));
    }
  }

  /**
   * Prepares a study: computes both benchmarks for every request.
   *
   * @param sim the market
   * @param requests the requests, in serving order, not empty
   * @param checkpointEvery how many requests between checkpoints, positive
   * @return the study
   * @throws IllegalArgumentException naming the value if the requests are empty or the interval is not
   *     positive
   */
  public static RegretStudy of(MarketSimulator sim, List<SimulatedRequest> requests, int checkpointEvery) {
    Objects.requireNonNull(sim, "sim");
    Objects.requireNonNull(requests, "requests");
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("requests must not be empty, found 0");
    }
    if (checkpointEvery <= 0) {
      throw new IllegalArgumentException("checkpointEvery must be positive, found " + checkpointEvery);
    }
    return new RegretStudy(sim, requests, checkpointEvery);
  }

  /** @return the number of requests */
  public int size() {
    return requests.size();
  }

  /** @return total true expected profit of the oracle over the study */
  public double oracleProfit() {
    return java.util.Arrays.stream(oracle).sum();
  }

  /** @return total true expected profit of the best fixed price per product over the study */
  public double bestFixedProfit() {
    return java.util.Arrays.stream(bestFixed).sum();
  }

  /**
   * Runs an engine online: price, draw the purchase from the true demand, record the outcome.
   *
   * @param name the curve's name
   * @param engine the engine (with or without an explorer)
   * @param outcomeSeed the seed of the purchase draws
   * @return the regret curve
   */
  public RegretCurve runEngine(String name, PricingEngine engine, long outcomeSeed) {
    SplittableRandom rng = new SplittableRandom(outcomeSeed);
    double fee = sim.feeRate();
    Acc acc = new Acc();
    for (int i = 0; i < requests.size(); i++) {
      PricingRequest r = requests.get(i).request();
      PriceDecision d = engine.price(r);
      double p = d.price().doubleValue();
      double prob = sim.trueProbability(r, p);
      double profit = prob * (p - r.product().unitCost().doubleValue() - fee * p);
      boolean bought = rng.nextDouble() < prob;
      engine.record(Outcome.conversion(d.decisionId(), bought, r.market().time()));
      acc.add(i, profit);
    }
    return new RegretCurve(name, acc.points);
  }

  /**
   * Evaluates a non-learning policy (for example a fixed price) in expectation over its price distribution.
   *
   * @param policy the policy
   * @return the regret curve
   */
  public RegretCurve runPolicy(PricingPolicy policy) {
    Acc acc = new Acc();
    for (int i = 0; i < requests.size(); i++) {
      PricingRequest r = requests.get(i).request();
      var dist = policy.distribution(r);
      double profit = 0;
      for (int k = 0; k < dist.size(); k++) {
        profit += dist.probability(k) * sim.trueExpectedProfit(r, dist.price(k));
      }
      acc.add(i, profit);
    }
    return new RegretCurve(policy.name(), acc.points);
  }

  private final class Acc {
    final List<RegretCurve.Point> points = new ArrayList<>();
    double profit;
    double vsFixed;
    double vsOracle;

    void add(int i, double p) {
      profit += p;
      vsFixed += bestFixed[i] - p;
      vsOracle += oracle[i] - p;
      int n = i + 1;
      if (n % every == 0 || n == requests.size()) {
        points.add(new RegretCurve.Point(n, profit, vsFixed, vsOracle));
      }
    }
  }
}
