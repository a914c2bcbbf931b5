package dev.pricing.core.promo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Invariants of promotion decisions on random products, promotions and guardrails. */
class PromotionProperties {

  @Property(tries = 300)
  void chosenOfferRespectsGuardrailsAndMaximisesIncrementalProfit(
      @ForAll @IntRange(min = 100, max = 20_000) int listCents,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double costShare,
      @ForAll @DoubleRange(min = 0.0, max = 0.4) double minMargin,
      @ForAll @DoubleRange(min = 0.5, max = 1.0) double floorShare,
      @ForAll @IntRange(min = 1, max = 100) int percent,
      @ForAll @IntRange(min = 1, max = 5_000) int amountCents,
      @ForAll @IntRange(min = 0, max = 1_000) int shippingCents,
      @ForAll @DoubleRange(min = 0, max = 1) double discountResponse,
      @ForAll boolean stackPercentShipping) {
    BigDecimal list = BigDecimal.valueOf(listCents, 2);
    BigDecimal cost = list.multiply(BigDecimal.valueOf(costShare)).setScale(2, java.math.RoundingMode.HALF_UP);
    BigDecimal floor = list.multiply(BigDecimal.valueOf(floorShare)).setScale(2, java.math.RoundingMode.DOWN);
    Product p = Product.builder("sku-p", "USD").listPrice(list).unitCost(cost).category("c")
        .guardrail(Guardrail.floor(floor.toPlainString())).build();
    StackingRules rules = stackPercentShipping
        ? StackingRules.none().allow(DiscountKind.PERCENT_OFF, DiscountKind.FREE_SHIPPING) : StackingRules.none();
    PromotionOptimizer opt = PromotionOptimizerTest.base().guardrail(Guardrail.minimumMargin(minMargin))
        .promotion(Promotion.percentOff("pct", percent))
        .promotion(Promotion.amountOff("amt", BigDecimal.valueOf(amountCents, 2).toPlainString()))
        .promotion(Promotion.freeShipping("ship", BigDecimal.valueOf(shippingCents, 2).toPlainString(), "2.00"))
        .stacking(rules).build();
    PricingRequest r = PromotionOptimizerTest.request("c", discountResponse, p);
    PromotionDecision d = opt.evaluate(r);

    assertThat(d.effectivePrice().scale()).isLessThanOrEqualTo(2);
    assertThat(d.candidates()).hasSize(8);
    double best = 0;
    for (CandidateEvaluation c : d.candidates()) {
      if (c.eligible() && !c.terms().isNone()) {
        double paid = c.terms().paidPrice().doubleValue();
        double shipping = c.terms().benefitCost().doubleValue();
        // every eligible offer respects the product floor and the minimum margin after its own costs
        assertThat(c.terms().paidPrice()).isGreaterThanOrEqualTo(floor);
        assertThat(paid * (1 - 0.02) - cost.doubleValue() - shipping).isGreaterThanOrEqualTo(minMargin * paid - 1e-6);
        assertThat(c.expectedCost()).isGreaterThanOrEqualTo(0);
        best = Math.max(best, c.incrementalProfit());
      }
      if (!c.eligible()) {
        assertThat(c.reasons()).hasSize(1);
        assertThat(c.detail()).isNotBlank();
      }
      if (c.terms().promotions().size() > 1 && !rules.allows(kinds(c))) {
        assertThat(c.reasons()).containsExactly(PromotionReason.STACKING_NOT_ALLOWED);
      }
    }
    if (d.promoted()) {
      assertThat(d.incrementalProfit()).isPositive().isEqualTo(best);
      assertThat(d.reasons()).containsExactly(PromotionReason.MAX_INCREMENTAL_PROFIT);
    } else {
      assertThat(best).isLessThanOrEqualTo(0);
      assertThat(d.effectivePrice()).isEqualByComparingTo(list);
      assertThat(d.incrementalProfit()).isZero();
    }
  }

  private static java.util.Set<DiscountKind> kinds(CandidateEvaluation c) {
    java.util.Set<DiscountKind> k = java.util.EnumSet.noneOf(DiscountKind.class);
    c.terms().promotions().forEach(p -> k.add(p.kind()));
    return k;
  }
}
