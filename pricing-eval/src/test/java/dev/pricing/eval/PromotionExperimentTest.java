package dev.pricing.eval;

import dev.pricing.core.promo.DiscountKind;
import dev.pricing.core.promo.Promotion;
import dev.pricing.core.promo.PromotionOptimizer;
import dev.pricing.core.promo.StackingRules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.LogisticDemandModel;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On the simulator's true demand, targeted promotions beat a blanket discount at equal (true) spend. */
class PromotionExperimentTest {

  static final Promotion PCT10 = Promotion.percentOff("pct10", 10);
  static final Promotion AMT3 = Promotion.amountOff("amt3", "3.00");
  static final Promotion SHIP = Promotion.freeShipping("ship", "4.00", "4.00");

  /** A planning model that is wrong on purpose: weaker price interactions, shifted intercept and slope. */
  static DemandModel misspecified() {
    return LogisticDemandModel.builder().version("misspecified").intercept(0.7).priceCoefficient(4.6)
        .weight("behaviour.carts_log1p", 0.25).weight("behaviour.recency", 0.5)
        .weight("market.competitor_min_gap", 1.0)
        .priceInteraction("behaviour.discount_response", 2.0)
        .priceInteraction("behaviour.purchases_log1p", -0.3).build();
  }

  static PromotionOptimizer optimizer(MarketSimulator sim, DemandModel model, Promotion... promotions) {
    PromotionOptimizer.Builder b = PromotionOptimizer.builder().demandModel(model).feeRate(sim.feeRate())
        .stacking(StackingRules.none().allow(DiscountKind.PERCENT_OFF, DiscountKind.FREE_SHIPPING));
    sim.guardrails().forEach(b::guardrail);
    for (Promotion p : promotions) {
      b.promotion(p);
    }
    return b.build();
  }

  static PromotionExperiment.Result run(long seed, int n) {
    MarketSimulator sim = MarketSimulator.defaultMarket(seed);
    List<SimulatedRequest> requests = sim.requests(n, seed + 1);
    DemandModel truth = sim.trueDemandModel();
    return PromotionExperiment.compare(sim, requests, PCT10,
        List.of(optimizer(sim, truth, PCT10), optimizer(sim, truth, PCT10, AMT3, SHIP),
            optimizer(sim, misspecified(), PCT10), optimizer(sim, misspecified(), PCT10, AMT3, SHIP)),
        List.of("targeted pct10 (true model)", "targeted menu (true model)", "targeted pct10 (misspecified model)",
            "targeted menu (misspecified model)"));
  }

  @Test
  void targetedBeatsBlanketAtEqualTrueSpend() {
    PromotionExperiment.Result r = run(2026, 3000);
    System.out.println(r.toMarkdown());
    PromotionExperiment.Arm blanket = r.arms().get(0);
    assertThat(blanket.discountedShare()).isGreaterThan(0.9);
    for (PromotionExperiment.Arm a : r.arms().subList(1, r.arms().size())) {
      assertThat(a.spendPerRequest()).as(a.name()).isLessThanOrEqualTo(blanket.spendPerRequest() + 1e-12);
    }
    // With the true model, targeting one offer gives it only where it pays (less spend, more profit), and a menu
    // spends the same as the blanket for far more profit.
    assertThat(r.arms().get(1).incrementalProfitPerRequest()).isGreaterThan(1.2 * blanket.incrementalProfitPerRequest());
    assertThat(r.arms().get(2).incrementalProfitPerRequest()).isGreaterThan(2 * blanket.incrementalProfitPerRequest());
    // A misspecified model that believes the 10% pays everywhere degenerates to the blanket (never worse) ...
    assertThat(r.arms().get(3).incrementalProfitPerRequest())
        .isGreaterThanOrEqualTo(blanket.incrementalProfitPerRequest() - 1e-9);
    // ... and with a menu it still beats the blanket at equal true spend.
    assertThat(r.arms().get(4).incrementalProfitPerRequest()).isGreaterThan(1.3 * blanket.incrementalProfitPerRequest());
  }
}
