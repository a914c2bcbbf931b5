package dev.pricing.examples;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PricingEngine;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.LogisticDemandModel;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.Policies;
import dev.pricing.eval.SimulatedRequest;
import dev.pricing.core.explore.ContextualThompsonExplorer;
import dev.pricing.core.explore.EpsilonGreedyExplorer;
import dev.pricing.eval.RegretCurve;
import dev.pricing.eval.RegretStudy;
import dev.pricing.core.explore.ThompsonSamplingExplorer;
import dev.pricing.examples.report.Charts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Online learning on the simulator: engines that start from a deliberately wrong demand model (far too
 * price-insensitive, blind to every feature) and learn from purchases drawn from the true demand, against
 * the same wrong model served greedily and against the list price. Prints the cumulative regret by quarter
 * against the best fixed price per product in hindsight and against the personalised oracle, and writes
 * {@code target/exploration/regret.csv}, {@code regret.png} and {@code regret-vs-oracle.png}.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Ddemo.main=dev.pricing.examples.ExplorationRegret}
 * (optional argument: the number of requests, default 100000). The same set-up as
 * {@code RegretStudyTest} in pricing-core.
 */
public final class ExplorationRegret {
  private ExplorationRegret() {}

  /**
   * Runs the study.
   *
   * @param args optional: number of requests
   * @throws IOException if the outputs cannot be written
   */
  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    MarketSimulator sim = MarketSimulator.builder().seed(2026).products(8).guardrail(Guardrail.maxChange(0.25)).build();
    List<SimulatedRequest> requests = sim.requests(n, 17);
    RegretStudy study = RegretStudy.of(sim, requests, Math.max(1, n / 100));
    LogisticDemandModel wrong = LogisticDemandModel.builder().version("wrong-prior").intercept(0.0)
        .priceCoefficient(1.5).build();
    RegretCurve ts;
    RegretCurve eps;
    RegretCurve greedy;
    long t0 = System.nanoTime();
    try (PricingEngine e = sim.engineBuilder().demandModel(wrong)
        .explorer(ThompsonSamplingExplorer.builder().seed(5).priorStrength(1).build()).build()) {
      ts = study.runEngine("Thompson sampling (prior strength 1, 8 arms)", e, 99);
    }
    try (PricingEngine e = sim.engineBuilder().demandModel(wrong)
        .explorer(EpsilonGreedyExplorer.builder().seed(5).priorStrength(1).epsilon(0.1).build()).build()) {
      eps = study.runEngine("epsilon-greedy 0.1", e, 99);
    }
    try (PricingEngine e = sim.engineBuilder().demandModel(wrong).build()) {
      greedy = study.runEngine("greedy on the wrong model", e, 99);
    }
    RegretCurve ctx;
    try (PricingEngine e = sim.engineBuilder().demandModel(wrong)
        .explorer(ContextualThompsonExplorer.builder(FeatureExtractors.standard())
            .features("behaviour.carts_log1p", "behaviour.recency", "behaviour.purchases_log1p",
                "behaviour.discount_response", "behaviour.discount_response_known", "market.competitor_min_gap",
                "market.season_sin")
            .seed(5).build()).build()) {
      ctx = study.runEngine("contextual Thompson sampling (7 features)", e, 99);
    }
    RegretCurve list = study.runPolicy(Policies.listPrice());
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<RegretCurve> curves = List.of(ts, eps, ctx, greedy, list);

    System.out.printf(Locale.ROOT, "%d requests, 8 products; oracle profit %.1f, best fixed price per product %.1f"
        + " (the oracle's edge from personalisation: %.1f)%n", n, study.oracleProfit(), study.bestFixedProfit(),
        study.oracleProfit() - study.bestFixedProfit());
    System.out.println("| policy | regret vs best fixed, quarter 1 | q2 | q3 | q4 | total | growth exponent |"
        + " total regret vs oracle | profit |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    int q = n / 4;
    for (RegretCurve c : curves) {
      System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f |%n", c.policy(),
          between(c, 0, q), between(c, q, 2 * q), between(c, 2 * q, 3 * q), between(c, 3 * q, n),
          c.last().regretVsBestFixed(), c.growthExponent(n / 10), c.last().regretVsOracle(), c.last().profit());
    }
    System.out.println();
    System.out.println("| policy | regret vs oracle, quarter 1 | q2 | q3 | q4 | total | growth exponent |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (RegretCurve c : curves) {
      System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f |%n", c.policy(),
          oracleBetween(c, 0, q), oracleBetween(c, q, 2 * q), oracleBetween(c, 2 * q, 3 * q),
          oracleBetween(c, 3 * q, n), c.last().regretVsOracle(), c.oracleGrowthExponent(n / 10));
    }
    System.out.printf(Locale.ROOT, "(%.1f s for the five policies)%n", seconds);

    Path dir = Path.of("target", "exploration");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("regret.csv"), RegretCurve.toCsv(curves));
    for (boolean oracle : new boolean[] {false, true}) {
      Map<String, double[][]> series = new LinkedHashMap<>();
      for (RegretCurve c : curves) {
        if (c == greedy) {
          continue; // an order of magnitude above the rest: it would flatten the other curves
        }
        double[] x = new double[c.points().size()];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          x[i] = c.points().get(i).requests();
          y[i] = oracle ? c.points().get(i).regretVsOracle() : c.points().get(i).regretVsBestFixed();
        }
        series.put(c.policy(), new double[][] {x, y});
      }
      Charts.lines(dir.resolve(oracle ? "regret-vs-oracle.png" : "regret.png"),
          oracle ? "Cumulative regret against the personalised oracle"
              : "Cumulative regret against the best fixed price per product",
          "requests", "cumulative regret (expected profit)", series);
    }
    System.out.println("Wrote " + dir.resolve("regret.csv") + ", regret.png and regret-vs-oracle.png (the greedy"
        + " wrong-model curve is in the CSV only)");
  }

  private static double between(RegretCurve c, int from, int to) {
    return interpolate(c, to, false) - interpolate(c, from, false);
  }

  private static double oracleBetween(RegretCurve c, int from, int to) {
    return interpolate(c, to, true) - interpolate(c, from, true);
  }

  /** Cumulative regret at a request count (linear between checkpoints; 0 at 0). */
  private static double interpolate(RegretCurve c, int at, boolean oracle) {
    double prevX = 0;
    double prevY = 0;
    for (RegretCurve.Point p : c.points()) {
      double y = oracle ? p.regretVsOracle() : p.regretVsBestFixed();
      if (p.requests() >= at) {
        double w = p.requests() == prevX ? 1 : (at - prevX) / (p.requests() - prevX);
        return prevY + w * (y - prevY);
      }
      prevX = p.requests();
      prevY = y;
    }
    return prevY;
  }
}
