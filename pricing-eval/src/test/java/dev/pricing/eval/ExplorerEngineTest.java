package dev.pricing.eval;

import dev.pricing.core.explore.EpsilonGreedyExplorer;
import dev.pricing.core.explore.ThompsonSamplingExplorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.ReasonCode;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The explorers behind a real engine. */
class ExplorerEngineTest {
  static final MarketSimulator SIM = MarketSimulator.defaultMarket(3);

  @Test
  void engineServesTheExplorersChoice_withItsPropensity_andForwardsOutcomes() {
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().seed(1).priorStrength(1).build();
    List<SimulatedRequest> rs = SIM.requests(400, 1);
    int explored = 0;
    try (PricingEngine engine = SIM.engineBuilder().demandModel(SIM.trueDemandModel()).explorer(ts).build()) {
      for (SimulatedRequest s : rs) {
        PriceDecision d = engine.price(s.request());
        assertThat(d.propensity()).isGreaterThan(0).isLessThanOrEqualTo(1);
        if (d.reasons().contains(ReasonCode.EXPLORED)) {
          explored++;
        }
        engine.record(Outcome.conversion(d.decisionId(), d.decisionId() % 5 == 0, s.request().market().time()));
      }
      assertThat(ts.recordedCount()).isEqualTo(rs.size());
      assertThat(ts.pendingCount()).isZero();
      assertThatThrownBy(() -> engine.record(Outcome.conversion(Long.MAX_VALUE - 1, true, rs.get(0).request().market().time())))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(Long.MAX_VALUE - 1));
    }
    assertThat(explored).as("with a weak prior, TS often serves a price other than the model's best").isPositive();
  }

  @Test
  void epsilonGreedy_behindTheEngine_reportsExactPropensities() {
    EpsilonGreedyExplorer eg = EpsilonGreedyExplorer.builder().epsilon(0.5).seed(2).build();
    try (PricingEngine engine = SIM.engineBuilder().demandModel(SIM.trueDemandModel()).explorer(eg).build()) {
      for (SimulatedRequest s : SIM.requests(200, 2)) {
        PriceDecision d = engine.price(s.request());
        // 1 - eps + eps/n for the greedy arm, eps/n otherwise, with n <= 9 arms.
        assertThat(d.propensity()).satisfiesAnyOf(p -> assertThat(p).isGreaterThan(0.5),
            p -> assertThat(p).isLessThanOrEqualTo(0.5 / 2));
      }
    }
  }
}
