package dev.pricing.core.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.GuardrailKind;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.LogisticDemandModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanGuidedEngineTest {
  private static final LogisticDemandModel MODEL = LogisticDemandModel.builder().version("t").intercept(2.0)
      .priceCoefficient(4.0).weight("behaviour.carts_log1p", 0.4)
      .priceInteraction("behaviour.discount_response", 3.0).build();
  private static final Product COAT = TestDemand.product("coat", "49.99", "20.00");
  private static final Product SCARF = TestDemand.product("scarf", "19.99", "6.00");

  private static PricingRequest request(Product p, double response) {
    Customer c = new Customer("c", new BehaviourSummary(20, 10, 3, 2, 5, 60, response), List.of(), Map.of());
    return PricingRequest.of(c, p, Market.of(100, Instant.parse("2026-11-02T10:00:00Z")));
  }

  private static PricingEngine.Builder engine() {
    return PricingEngine.builder().extractors(FeatureExtractors.standard()).demandModel(MODEL)
        .guardrail(Guardrail.minimumMargin(0.05));
  }

  @Test
  void asReference_planIsTheReferencePrice_andTheDecisionSaysSo() {
    PlannedPrices plans = r -> r.product().id().equals("coat") ? new BigDecimal("34.99") : null;
    try (PricingEngine guided = PlanGuidedEngine.asReference(engine().guardrail(Guardrail.maxChange(0.1)).build(),
        plans)) {
      PriceDecision d = guided.price(request(COAT, 0.9));
      assertThat(d.reasons()).contains(ReasonCode.MARKDOWN_PLAN);
      assertThat(d.referencePrice()).isEqualByComparingTo("34.99");
      // The max-change guardrail is now measured from the plan, not the list price.
      assertThat(d.price().doubleValue()).isBetween(34.99 * 0.9 - 1e-9, 34.99 * 1.1 + 1e-9);
      PriceDecision unplanned = guided.price(request(SCARF, 0.9));
      assertThat(unplanned.reasons()).doesNotContain(ReasonCode.MARKDOWN_PLAN);
      assertThat(unplanned.referencePrice()).isEqualByComparingTo("19.99");
    }
  }

  @Test
  void withinBand_personalisationMovesOnlyWithinTheBandAroundThePlan() {
    PlannedPrices plans = r -> new BigDecimal("39.99");
    try (PricingEngine plain = engine().build();
        PricingEngine guided = PlanGuidedEngine.withinBand(engine().build(), plans, 0.05)) {
      for (double response : new double[] {0.0, 0.3, 0.6, 0.95}) {
        PriceDecision d = guided.price(request(COAT, response));
        assertThat(d.price().doubleValue()).isBetween(39.99 * 0.95 - 1e-9, 39.99 * 1.05 + 1e-9);
        assertThat(d.reasons()).contains(ReasonCode.MARKDOWN_PLAN);
        PriceDecision free = plain.price(request(COAT, response));
        if (free.price().doubleValue() < 39.99 * 0.95 - 0.01) {
          assertThat(d.bindingGuardrail()).contains(GuardrailKind.FLOOR);
        }
      }
      PriceDecision deal = plain.price(request(COAT, 0.95));
      assertThat(deal.price().doubleValue()).as("without the plan a deal seeker is priced below the band")
          .isLessThan(39.99 * 0.95);
    }
  }

  @Test
  void fromModel_averagesTheModelOverContextsTimesTraffic() {
    List<PricingRequest> ctx = List.of(request(COAT, 0.1), request(COAT, 0.9));
    MarkdownDemand demand = MarkdownDemand.fromModel(MODEL, FeatureExtractors.standard(), List.of(ctx, ctx),
        new double[] {100, 50});
    double[] prices = {39.99, 49.99};
    double[] out = new double[2];
    demand.expectedUnits(0, 1, prices, 2, out);
    for (int i = 0; i < 2; i++) {
      double[] a = MODEL.score(dev.pricing.api.FeatureVector.of(
          dev.pricing.core.demand.DemandModelTrainer.schemaOf(FeatureExtractors.standard()), features(ctx.get(0))),
          new double[] {prices[i]});
      double[] b = MODEL.score(dev.pricing.api.FeatureVector.of(
          dev.pricing.core.demand.DemandModelTrainer.schemaOf(FeatureExtractors.standard()), features(ctx.get(1))),
          new double[] {prices[i]});
      assertThat(out[i]).isCloseTo(50 * (a[0] + b[0]) / 2, org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(out[0]).isGreaterThan(out[1]);
  }

  private static double[] features(PricingRequest r) {
    try (PricingEngine e = engine().build()) {
      return e.features(r).toArray();
    }
  }
}
