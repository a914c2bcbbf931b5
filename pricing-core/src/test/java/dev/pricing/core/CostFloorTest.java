package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.GuardrailKind;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The engine never prices below cost unless a guardrail allows it, fallbacks included. */
class CostFloorTest {

  private static Product costAboveList(String list, String cost) {
    return Product.builder("p", "USD").listPrice(list).unitCost(cost).category("c").allowCostAboveList().build();
  }

  @Test
  void withoutAnyGuardrail_thePriceCoversTheCost() {
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model()).build()) {
      PriceDecision d = engine.price(Fixtures.request(Customer.anonymous(), costAboveList("8.99", "9.50")));
      assertThat(d.price()).isGreaterThanOrEqualTo(new BigDecimal("9.50"));
      assertThat(d.price().toPlainString()).endsWith(".99");
    }
  }

  @Test
  void infeasibleGuardrails_serveTheReferencePriceRaisedToTheCostFloor() {
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model()).ladder(PriceLadder.MINOR_UNIT)
        .guardrail(Guardrail.maxChange(0)).build()) {
      // The fractional cost found by GuardrailProperties: 0.021 must round up to 0.03, not stay at 0.02.
      PriceDecision d = engine.price(Fixtures.request(Customer.anonymous(), costAboveList("0.02", "0.021")));
      assertThat(d.reasons()).first().isEqualTo(ReasonCode.INFEASIBLE_GUARDRAILS);
      assertThat(d.price()).isEqualByComparingTo("0.03");
    }
  }

  @Test
  void aNegativeMargin_allowsALoss_andTheImplicitFloorBindsAsMinimumMargin() {
    Product p = costAboveList("10.00", "10.50");
    try (PricingEngine lossLeader = PricingEngine.builder().demandModel(Fixtures.model())
        .ladder(PriceLadder.MINOR_UNIT).guardrail(Guardrail.maxChange(0.02)).guardrail(Guardrail.minimumMargin(-0.2))
        .build();
        PricingEngine plain = PricingEngine.builder().demandModel(Fixtures.model()).ladder(PriceLadder.MINOR_UNIT)
            .guardrail(Guardrail.maxChange(0.10)).build()) {
      PriceDecision loss = lossLeader.price(Fixtures.request(Customer.anonymous(), p));
      assertThat(loss.fallback()).isFalse();
      assertThat(loss.price()).isLessThanOrEqualTo(new BigDecimal("10.20"));
      PriceDecision floor = plain.price(Fixtures.request(Customer.anonymous(), p));
      assertThat(floor.price()).isGreaterThanOrEqualTo(new BigDecimal("10.50"));
      if (floor.price().compareTo(new BigDecimal("10.50")) == 0) {
        assertThat(floor.bindingGuardrail()).contains(GuardrailKind.MINIMUM_MARGIN);
      }
    }
  }
}
