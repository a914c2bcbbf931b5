package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.ReasonCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The oracle searches the engine's feasible set, the implicit cost floor included: without a minimum margin
 * the engine never prices below cost / (1 - fee) unless a guardrail allows it, and neither do the oracle, the
 * observable oracle or the randomised logging policy; when the guardrails leave only prices below cost, the
 * oracle answers what the engine answers.
 */
class OracleCostFloorTest {
  /**
   * The first four catalogue products, a ceiling of 11.00 and no minimum margin. Olive oil (19.99, cost 10.99,
   * fee 2%: cost floor 11.22) then has one ladder price inside the ceiling and the search range (from half the
   * reference, 9.995), 10.99, and it is below cost: the engine finds no feasible price and falls back. The
   * other three products have ladder prices above their cost floor below the ceiling.
   */
  private static MarketSimulator sim(Guardrail... extra) {
    MarketSimulator.Builder b = MarketSimulator.builder().seed(3).products(4).customers(200).horizonDays(20)
        .guardrail(Guardrail.ceiling("USD", "11.00"));
    for (Guardrail g : extra) {
      b.guardrail(g);
    }
    return b.build();
  }

  private static double costFloor(PricingRequest r, MarketSimulator sim) {
    return r.product().unitCost().doubleValue() / (1 - sim.feeRate());
  }

  @Test
  void theOracleNeverPricesBelowCostAndAgreesWithTheEngineWhenOnlyBelowCostPricesRemain() {
    MarketSimulator sim = sim();
    List<SimulatedRequest> rs = sim.requests(400, 5);
    int belowCostOnly = 0;
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).build()) {
      for (SimulatedRequest s : rs) {
        PricingRequest r = s.request();
        double floor = costFloor(r, sim);
        double oracle = sim.oracle().distribution(r).price(0);
        double observable = sim.observableOracle().distribution(r).price(0);
        assertThat(oracle).as("oracle for %s", r.product().id()).isGreaterThanOrEqualTo(floor - 1e-9);
        assertThat(observable).isGreaterThanOrEqualTo(floor - 1e-9);
        for (double p : sim.randomisedPolicy(0.5, 2.0).distribution(r).prices()) {
          assertThat(p).as("logging policy for %s", r.product().id()).isGreaterThanOrEqualTo(floor - 1e-9);
        }
        PriceDecision d = engine.price(r);
        assertThat(d.price().doubleValue()).isGreaterThanOrEqualTo(floor - 1e-9);
        if (d.reasons().contains(ReasonCode.INFEASIBLE_GUARDRAILS)) {
          belowCostOnly++;
          // the same feasible set (empty) and the same fallback
          assertThat(sim.oracle().distribution(r).prices()).hasSize(1);
          assertThat(oracle).as("oracle vs engine for %s", r.product().id()).isEqualTo(d.price().doubleValue());
          assertThat(observable).isEqualTo(d.price().doubleValue());
        } else {
          // the true model is the engine's: it finds the oracle's price, or one as good
          assertThat(sim.trueExpectedProfit(r, d.price().doubleValue()))
              .isCloseTo(sim.trueExpectedProfit(r, oracle), org.assertj.core.data.Offset.offset(1e-9));
        }
      }
    }
    assertThat(belowCostOnly).as("requests whose guardrails leave only prices below cost").isPositive();
  }

  @Test
  void aNegativeMinimumMarginLetsTheOracleBelowCostAsItLetsTheEngine() {
    MarketSimulator sim = sim(Guardrail.minimumMargin(-0.5));
    List<SimulatedRequest> rs = sim.requests(400, 5);
    boolean belowCost = false;
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).build()) {
      for (SimulatedRequest s : rs) {
        PricingRequest r = s.request();
        double oracle = sim.oracle().distribution(r).price(0);
        PriceDecision d = engine.price(r);
        assertThat(sim.trueExpectedProfit(r, d.price().doubleValue()))
            .isCloseTo(sim.trueExpectedProfit(r, oracle), org.assertj.core.data.Offset.offset(1e-9));
        belowCost |= oracle < costFloor(r, sim);
      }
    }
    assertThat(belowCost).as("the ceiling forces some prices below cost, which the guardrail allows").isTrue();
  }
}
