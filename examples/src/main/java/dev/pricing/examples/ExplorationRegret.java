package dev.pricing.examples;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PricingEngine;
import dev.pricing.core.LogisticDemandModel;
import dev.pricing.core.eval.MarketSimulator;
import dev.pricing.core.eval.Policies;
import dev.pricing.core.eval.SimulatedRequest;
import dev.pricing.core.explore.EpsilonGreedyExplorer;
import dev.pricing.core.explore.RegretCurve;
import dev.pricing.core.explore.RegretStudy;
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
 * and writes {@code target/exploration/regret.csv} and {@code regret.png} (cumulative regret against the best
 * fixed price per product in hindsight).
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
    RegretCurve list = study.runPolicy(Policies.listPrice());
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<RegretCurve> curves = List.of(ts, eps, greedy, list);

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
    System.out.printf(Locale.ROOT, "(%.1f s for the four policies)%n", seconds);

    Path dir = Path.of("target", "exploration");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("regret.csv"), RegretCurve.toCsv(curves));
    Map<String, double[][]> series = new LinkedHashMap<>();
    for (RegretCurve c : curves) {
      double[] x = new double[c.points().size()];
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = c.points().get(i).requests();
        y[i] = c.points().get(i).regretVsBestFixed();
      }
      series.put(c.policy(), new double[][] {x, y});
    }
    Charts.lines(dir.resolve("regret.png"), "Cumulative regret against the best fixed price per product",
        "requests", "cumulative regret (expected profit)", series);
    System.out.println("Wrote " + dir.resolve("regret.csv") + " and " + dir.resolve("regret.png"));
  }

  private static double between(RegretCurve c, int from, int to) {
    return interpolate(c, to) - interpolate(c, from);
  }

  /** Cumulative regret at a request count (linear between checkpoints; 0 at 0). */
  private static double interpolate(RegretCurve c, int at) {
    double prevX = 0;
    double prevY = 0;
    for (RegretCurve.Point p : c.points()) {
      if (p.requests() >= at) {
        double w = p.requests() == prevX ? 1 : (at - prevX) / (p.requests() - prevX);
        return prevY + w * (p.regretVsBestFixed() - prevY);
      }
      prevX = p.requests();
      prevY = p.regretVsBestFixed();
    }
    return prevY;
  }
}
