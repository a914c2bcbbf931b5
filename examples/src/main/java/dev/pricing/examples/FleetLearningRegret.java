package dev.pricing.examples;

import dev.pricing.api.Guardrail;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.LogisticDemandModel;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.PricingPolicy;
import dev.pricing.eval.SimulatedRequest;
import dev.pricing.core.explore.FleetLearner;
import dev.pricing.core.explore.InMemoryCellStatsStore;
import dev.pricing.core.explore.ThompsonSamplingExplorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What a fleet's JVM count costs in regret, on the simulator: the same request stream is dealt round-robin to N
 * engines, each with its own Thompson-sampling explorer that starts from the same wrong demand model (the set-up
 * of {@link ExplorationRegret}). Each fleet is run with isolated explorers (each learns only from its own 1/N of
 * the outcomes) and with explorers that merge their cell counts through a shared {@link InMemoryCellStatsStore}
 * by {@link FleetLearner} every S requests (S = 50 and 1000, fleet-wide), against N = 1, one shared learner.
 * Regret is against the best fixed price per product in hindsight, in true expected profit, with the same
 * purchase draws for every configuration; each figure is the mean over {@code reps} repetitions with other
 * explorer seeds and purchase draws.
 *
 * <p>This file is the only one of the fleet work that depends on the simulator ({@code dev.pricing.core.eval}).
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:java -Dexec.skip -Ddemo.main=dev.pricing.examples.FleetLearningRegret}
 * (optional arguments: the number of requests, default 40000, and of repetitions, default 3).
 */
public final class FleetLearningRegret {
  private FleetLearningRegret() {}

  /**
   * Runs the study and prints a markdown table.
   *
   * @param args optional: number of requests
   */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    MarketSimulator sim = MarketSimulator.builder().seed(2026).products(8).guardrail(Guardrail.maxChange(0.25))
        .build();
    List<SimulatedRequest> requests = sim.requests(n, 17);
    PricingPolicy best = sim.bestUniform(requests);
    double[] bestFixed = new double[n];
    for (int i = 0; i < n; i++) {
      PricingRequest r = requests.get(i).request();
      bestFixed[i] = sim.trueExpectedProfit(r, best.distribution(r).price(0));
    }
    long t0 = System.nanoTime();
    double shared = mean(sim, requests, bestFixed, 1, 0, reps);
    System.out.printf(Locale.ROOT, "%d requests, 8 products, mean of %d repetitions; regret against the best fixed"
        + " price per product; one shared learner: %.0f%n", n, reps, shared);
    System.out.println("| JVMs | isolated explorers | x shared | merged every 1000 requests | x shared |"
        + " merged every 50 requests | x shared |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (int jvms : new int[] {2, 4, 8, 16}) {
      double iso = mean(sim, requests, bestFixed, jvms, 0, reps);
      double slow = mean(sim, requests, bestFixed, jvms, 1000, reps);
      double fast = mean(sim, requests, bestFixed, jvms, 50, reps);
      System.out.printf(Locale.ROOT, "| %d | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f |%n", jvms, iso, iso / shared,
          slow, slow / shared, fast, fast / shared);
    }
    System.out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
  }

  static double mean(MarketSimulator sim, List<SimulatedRequest> requests, double[] bestFixed, int jvms,
      int syncEvery, int reps) {
    double s = 0;
    for (int rep = 0; rep < reps; rep++) {
      s += run(sim, requests, bestFixed, jvms, syncEvery, rep);
    }
    return s / reps;
  }

  /** Total regret of a fleet of {@code jvms} engines; {@code syncEvery} 0 means no merging. */
  static double run(MarketSimulator sim, List<SimulatedRequest> requests, double[] bestFixed, int jvms,
      int syncEvery, int rep) {
    LogisticDemandModel wrong = LogisticDemandModel.builder().version("wrong-prior").intercept(0.0)
        .priceCoefficient(1.5).build();
    InMemoryCellStatsStore store = new InMemoryCellStatsStore();
    List<PricingEngine> engines = new ArrayList<>();
    List<FleetLearner> learners = new ArrayList<>();
    for (int k = 0; k < jvms; k++) {
      ThompsonSamplingExplorer ex = ThompsonSamplingExplorer.builder().seed(5 + k + 1000L * rep).priorStrength(1).build();
      engines.add(sim.engineBuilder().demandModel(wrong).explorer(ex).build());
      learners.add(FleetLearner.manual(ex, store, "fleet"));
    }
    SplittableRandom rng = new SplittableRandom(99 + rep);
    double fee = sim.feeRate();
    double regret = 0;
    for (int i = 0; i < requests.size(); i++) {
      PricingRequest r = requests.get(i).request();
      PricingEngine e = engines.get(i % jvms);
      PriceDecision d = e.price(r);
      double p = d.price().doubleValue();
      double prob = sim.trueProbability(r, p);
      regret += bestFixed[i] - prob * (p - r.product().unitCost().doubleValue() - fee * p);
      e.record(Outcome.conversion(d.decisionId(), rng.nextDouble() < prob, r.market().time()));
      if (syncEvery > 0 && (i + 1) % syncEvery == 0) {
        for (FleetLearner l : learners) {
          l.syncNow();
        }
      }
    }
    for (PricingEngine e : engines) {
      e.close();
    }
    return regret;
  }
}
