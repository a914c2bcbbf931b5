package dev.pricing.eval;

import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.explore.ContextualThompsonExplorer;
import dev.pricing.core.explore.EpsilonGreedyExplorer;
import dev.pricing.core.explore.ThompsonSamplingExplorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PricingEngine;
import dev.pricing.core.LogisticDemandModel;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.Policies;
import dev.pricing.eval.SimulatedRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The long run of docs/trend-and-exploration.md: an exploring engine that starts from a deliberately wrong
 * demand model learns from outcomes drawn from the true demand.
 */
class RegretStudyTest {
  static final int N = 100_000;
  static final int EVERY = 1_000;
  static MarketSimulator sim;
  static RegretStudy study;
  static RegretCurve thompson;
  static RegretCurve epsilon;
  static RegretCurve greedy;
  static RegretCurve list;
  static RegretCurve contextual;
  static ContextualThompsonExplorer contextualExplorer;

  /** The features the contextual correction may use: behaviour and market features of order 1. */
  static ContextualThompsonExplorer contextual(long seed) {
    return ContextualThompsonExplorer.builder(dev.pricing.core.FeatureExtractors.standard())
        .features("behaviour.carts_log1p", "behaviour.recency", "behaviour.purchases_log1p",
            "behaviour.discount_response", "behaviour.discount_response_known", "market.competitor_min_gap",
            "market.season_sin")
        .seed(seed).build();
  }

  /** Deliberately wrong: far too price-insensitive and blind to every feature, so it prices too high. */
  static LogisticDemandModel wrongModel() {
    return LogisticDemandModel.builder().version("wrong-prior").intercept(0.0).priceCoefficient(1.5).build();
  }

  static MarketSimulator market() {
    return MarketSimulator.builder().seed(2026).products(8).guardrail(Guardrail.maxChange(0.25)).build();
  }

  @BeforeAll
  static void run() {
    sim = market();
    List<SimulatedRequest> requests = sim.requests(N, 17);
    study = RegretStudy.of(sim, requests, EVERY);
    try (PricingEngine e = sim.engineBuilder().demandModel(wrongModel())
        .explorer(ThompsonSamplingExplorer.builder().seed(5).priorStrength(1).build()).build()) {
      thompson = study.runEngine("thompson sampling", e, 99);
    }
    try (PricingEngine e = sim.engineBuilder().demandModel(wrongModel())
        .explorer(EpsilonGreedyExplorer.builder().seed(5).priorStrength(1).epsilon(0.1).build()).build()) {
      epsilon = study.runEngine("epsilon-greedy 0.1", e, 99);
    }
    try (PricingEngine e = sim.engineBuilder().demandModel(wrongModel()).build()) {
      greedy = study.runEngine("greedy, wrong model", e, 99);
    }
    list = study.runPolicy(Policies.listPrice());
    contextualExplorer = contextual(5);
    try (PricingEngine e = sim.engineBuilder().demandModel(wrongModel()).explorer(contextualExplorer).build()) {
      contextual = study.runEngine("contextual thompson sampling", e, 99);
    }
  }

  @Test
  void contextualThompson_regretAgainstTheOracle_growsSubLinearly_andBeatsTheBestFixedPrice() {
    double firstHalf = contextual.regretVsOracleBetween(0, N / 2);
    double secondHalf = contextual.regretVsOracleBetween(N / 2, N);
    assertThat(secondHalf).isLessThan(0.5 * firstHalf);
    assertThat(contextual.regretVsOracleBetween(3 * N / 4, N)).isLessThan(0.25 * contextual.regretVsOracleBetween(0, N / 4));
    // It learns personalised prices: over the run it earns more than the best fixed price per product.
    assertThat(contextual.last().regretVsBestFixed()).isNegative();
    assertThat(contextual.oracleGrowthExponent(10_000)).isLessThan(0.5);
    assertThat(thompson.oracleGrowthExponent(10_000)).isGreaterThan(0.8);
    assertThat(contextual.last().regretVsOracle()).isLessThan(0.5 * thompson.last().regretVsOracle());
    // The correction found the deal-seekers' price sensitivity (the truth: -3 on discount_response x price).
    assertThat(contextualExplorer.coefficients().get("behaviour.discount_response x price")).isNegative();
    assertThat(contextualExplorer.pendingCount()).isZero();
  }

  @Test
  void thompson_regretAgainstBestFixedPrice_growsSubLinearly() {
    double q1 = thompson.regretVsBestFixedBetween(0, N / 4);
    double q4 = thompson.regretVsBestFixedBetween(3 * N / 4, N);
    double firstHalf = thompson.regretVsBestFixedBetween(0, N / 2);
    double secondHalf = thompson.regretVsBestFixedBetween(N / 2, N);
    assertThat(secondHalf).isLessThan(0.75 * firstHalf);
    assertThat(q4).isLessThan(0.65 * q1);
    assertThat(thompson.growthExponent(10_000)).isLessThan(0.9);
  }

  @Test
  void thompson_endsBelowTheFixedPricePoliciesRegret() {
    assertThat(thompson.last().regretVsBestFixed()).isLessThan(list.last().regretVsBestFixed());
    assertThat(thompson.last().regretVsBestFixed()).isLessThan(0.5 * greedy.last().regretVsBestFixed());
    // Fixed policies accrue regret linearly: their halves are about equal.
    assertThat(list.regretVsBestFixedBetween(N / 2, N))
        .isGreaterThan(0.9 * list.regretVsBestFixedBetween(0, N / 2));
  }

  @Test
  void epsilonGreedy_alsoEscapesTheWrongModel() {
    assertThat(epsilon.last().regretVsBestFixed()).isLessThan(0.25 * greedy.last().regretVsBestFixed());
    assertThat(epsilon.last().regretVsBestFixed()).isLessThan(list.last().regretVsBestFixed());
    assertThat(epsilon.regretVsBestFixedBetween(N / 2, N)).isLessThan(epsilon.regretVsBestFixedBetween(0, N / 2));
  }

  @Test
  void printFigures() {
    // The figures quoted in docs/trend-and-exploration.md.
    for (RegretCurve c : List.of(thompson, epsilon, greedy, list, contextual)) {
      System.out.printf(java.util.Locale.ROOT,
          "%-22s quarters vs best fixed %8.1f %8.1f %8.1f %8.1f | total %8.1f | vs oracle %8.1f %8.1f %8.1f %8.1f"
          + " total %8.1f | exponents %.2f %.2f | profit %9.1f%n", c.policy(), c.regretVsBestFixedBetween(0, N / 4),
          c.regretVsBestFixedBetween(N / 4, N / 2), c.regretVsBestFixedBetween(N / 2, 3 * N / 4),
          c.regretVsBestFixedBetween(3 * N / 4, N), c.last().regretVsBestFixed(), c.regretVsOracleBetween(0, N / 4),
          c.regretVsOracleBetween(N / 4, N / 2), c.regretVsOracleBetween(N / 2, 3 * N / 4),
          c.regretVsOracleBetween(3 * N / 4, N), c.last().regretVsOracle(), c.growthExponent(10_000), c.oracleGrowthExponent(10_000),
          c.last().profit());
    }
    System.out.printf(java.util.Locale.ROOT, "oracle profit %.1f, best fixed per product %.1f%n",
        study.oracleProfit(), study.bestFixedProfit());
    assertThat(thompson.points()).hasSize(N / EVERY);
  }

  @Test
  void regretAgainstTheOracle_includesTheGapToPersonalisedPrices() {
    double gap = study.oracleProfit() - study.bestFixedProfit();
    assertThat(gap).isPositive();
    assertThat(thompson.last().regretVsOracle() - thompson.last().regretVsBestFixed()).isCloseTo(gap,
        org.assertj.core.data.Offset.offset(1e-6 * study.oracleProfit()));
  }

  @Test
  void csv_hasOneRowPerCheckpoint() {
    String csv = RegretCurve.toCsv(List.of(thompson, list));
    assertThat(csv.lines().count()).isEqualTo(1 + 2 * (N / EVERY));
    assertThat(csv).startsWith("policy,requests,profit,regret_vs_best_fixed,regret_vs_oracle\n\"thompson sampling\",1000,");
  }

  @Test
  void badArguments_areRejectedNamingTheValue() {
    assertThatThrownBy(() -> RegretStudy.of(sim, List.of(), 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requests");
    assertThatThrownBy(() -> RegretStudy.of(sim, sim.requests(5, 1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpointEvery").hasMessageContaining("0");
    assertThatThrownBy(() -> thompson.regretVsBestFixedBetween(0, 123))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("123");
  }
}
