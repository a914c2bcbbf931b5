package dev.pricing.core.promo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.LogisticDemandModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromotionOptimizerTest {
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  /** P(buy) = sigmoid(1 - (4 + 3 * discount_response) * p / list): deal seekers respond strongly. */
  static LogisticDemandModel model() {
    return LogisticDemandModel.builder().version("test").intercept(1.0).priceCoefficient(4.0)
        .priceInteraction("behaviour.discount_response", 3.0).build();
  }

  static Product product(String id, String list, String cost) {
    return Product.builder(id, "USD").listPrice(list).unitCost(cost).category("home").build();
  }

  static PricingRequest request(String customer, double discountResponse, Product p) {
    BehaviourSummary b = new BehaviourSummary(10, 3, 1, 1, 20, 30, discountResponse);
    return PricingRequest.of(Customer.of(customer, b), p, Market.of(100, NOW));
  }

  static PromotionOptimizer.Builder base() {
    return PromotionOptimizer.builder().demandModel(model()).feeRate(0.02);
  }

  @Test
  void incrementalProfitNetsOutBuyersWhoWouldBuyAnyway() {
    Product p = product("sku-1", "40.00", "12.00");
    PromotionOptimizer opt = base().promotion(Promotion.percentOff("pct20", 20)).build();
    PromotionDecision d = opt.evaluate(request("c1", 0.9, p));
    CandidateEvaluation c = d.candidate("pct20");
    double p0 = d.conversionWithout();
    double expected = c.conversion() * (32.00 * 0.98 - 12) - p0 * (40 * 0.98 - 12);
    assertThat(c.incrementalProfit()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(c.expectedCost()).isCloseTo(c.conversion() * 8.00, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(d.effectivePrice()).isEqualByComparingTo("32.00");
    assertThat(d.effectivePrice().scale()).isEqualTo(2);
  }

  @Test
  void targetsPriceSensitiveCustomersOnly() {
    Product p = product("sku-1", "40.00", "28.00");
    PromotionOptimizer opt = base().promotion(Promotion.percentOff("pct15", 15)).build();
    PromotionDecision dealSeeker = opt.evaluate(request("c1", 0.95, p));
    PromotionDecision loyal = opt.evaluate(request("c2", 0.0, p));
    assertThat(dealSeeker.promoted()).isTrue();
    assertThat(dealSeeker.reasons()).containsExactly(PromotionReason.MAX_INCREMENTAL_PROFIT);
    assertThat(dealSeeker.incrementalProfit()).isPositive();
    assertThat(loyal.promoted()).isFalse();
    assertThat(loyal.reasons()).containsExactly(PromotionReason.NO_PROFITABLE_PROMOTION);
    assertThat(loyal.candidate("pct15").incrementalProfit()).isNegative();
  }

  @Test
  void stackingForbiddenCombinationIsListedAsRejectedNotDropped() {
    Product p = product("sku-1", "40.00", "12.00");
    PromotionOptimizer opt = base().promotion(Promotion.percentOff("pct10", 10))
        .promotion(Promotion.amountOff("amt5", "5.00")).promotion(Promotion.freeShipping("ship", "3.00", "4.00"))
        .stacking(StackingRules.none().allow(DiscountKind.PERCENT_OFF, DiscountKind.FREE_SHIPPING)).build();
    PromotionDecision d = opt.evaluate(request("c1", 0.9, p));
    assertThat(d.candidates()).hasSize(8);
    CandidateEvaluation both = d.candidate("pct10+amt5");
    assertThat(both.eligible()).isFalse();
    assertThat(both.reasons()).containsExactly(PromotionReason.STACKING_NOT_ALLOWED);
    assertThat(d.candidate("pct10+amt5+ship").reasons()).containsExactly(PromotionReason.STACKING_NOT_ALLOWED);
    CandidateEvaluation allowed = d.candidate("pct10+ship");
    assertThat(allowed.eligible()).isTrue();
    assertThat(allowed.terms().paidPrice()).isEqualByComparingTo("36.00");
    assertThat(allowed.terms().benefitCost()).isEqualByComparingTo("3.00");
    assertThat(allowed.expectedCost()).isCloseTo(allowed.conversion() * 7.00, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void stackedPercentThenAmountIsExactInMinorUnits() {
    Product p = product("sku-1", "19.99", "5.00");
    PromotionOptimizer opt = base().promotion(Promotion.percentOff("pct15", 15))
        .promotion(Promotion.amountOff("amt2", "2.00"))
        .stacking(StackingRules.none().allow(DiscountKind.PERCENT_OFF, DiscountKind.AMOUNT_OFF)).build();
    PromotionDecision d = opt.evaluate(request("c1", 0.9, p));
    // 19.99 * 0.85 = 16.9915 -> 16.99 (half up), then - 2.00
    assertThat(d.candidate("pct15+amt2").terms().paidPrice()).isEqualTo(new BigDecimal("14.99"));
  }

  @Test
  void guardrailViolationRejectsTheOptionWithReason() {
    Product p = product("sku-1", "20.00", "15.00");
    PromotionOptimizer opt = base().promotion(Promotion.percentOff("pct30", 30))
        .promotion(Promotion.freeShipping("ship", "3.00", "3.00")).guardrail(Guardrail.minimumMargin(0.05)).build();
    PromotionDecision d = opt.evaluate(request("c1", 0.95, p));
    CandidateEvaluation c = d.candidate("pct30");
    assertThat(c.eligible()).isFalse();
    assertThat(c.reasons()).containsExactly(PromotionReason.GUARDRAIL_VIOLATION);
    assertThat(c.detail()).contains("minimum_margin").contains("14.00");
    // free shipping keeps the price at 20.00 but its cost eats the margin: 20*0.98 - 15 - 3 = 1.6 > 5% of 20 = 1.0
    assertThat(d.candidate("ship").eligible()).isTrue();
    Product floorProduct = Product.builder("sku-2", "USD").listPrice("20.00").unitCost("5.00").category("home")
        .guardrail(Guardrail.floor("17.00")).build();
    PromotionDecision f = opt.evaluate(request("c1", 0.95, floorProduct));
    assertThat(f.candidate("pct30").reasons()).containsExactly(PromotionReason.GUARDRAIL_VIOLATION);
    assertThat(f.candidate("pct30").detail()).contains("floor");
    assertThat(f.effectivePrice()).isGreaterThanOrEqualTo(new BigDecimal("17.00"));
  }

  @Test
  void discountLargerThanPriceIsRejected() {
    Product p = product("sku-1", "4.00", "1.00");
    PromotionOptimizer opt = base().promotion(Promotion.amountOff("amt5", "5.00")).build();
    PromotionDecision d = opt.evaluate(request("c1", 0.9, p));
    assertThat(d.candidate("amt5").reasons()).containsExactly(PromotionReason.DISCOUNT_EXCEEDS_PRICE);
    assertThat(d.promoted()).isFalse();
  }

  @Test
  void windowsAndProductScopesDecideApplicability() {
    Product a = product("sku-1", "40.00", "12.00");
    Product b = product("sku-2", "40.00", "12.00");
    PromotionOptimizer opt = base().promotion(Promotion.percentOff("spring", 20).forProducts(Set.of("sku-1"))
        .during(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"))).build();
    assertThat(opt.evaluate(request("c1", 0.9, a)).candidates()).hasSize(2);
    PromotionDecision other = opt.evaluate(request("c1", 0.9, b));
    assertThat(other.reasons()).containsExactly(PromotionReason.NO_APPLICABLE_PROMOTION);
    PricingRequest later = PricingRequest.of(request("c1", 0.9, a).customer(), a,
        Market.of(100, Instant.parse("2026-04-01T00:00:00Z")));
    assertThat(opt.evaluate(later).reasons()).containsExactly(PromotionReason.NO_APPLICABLE_PROMOTION);
  }

  @Test
  void responsePlugInChangesConversionAndInvalidOutputIsRejected() {
    Product p = product("sku-1", "40.00", "12.00");
    PromotionOptimizer plain = base().promotion(Promotion.percentOff("pct10", 10)).build();
    PromotionOptimizer lifted = base().promotion(Promotion.percentOff("pct10", 10))
        .response(PromotionResponse.priceEquivalent().withLogitLift(0.5)).build();
    PricingRequest r = request("c1", 0.5, p);
    assertThat(lifted.evaluate(r).candidate("pct10").conversion())
        .isGreaterThan(plain.evaluate(r).candidate("pct10").conversion());
    PromotionOptimizer broken = base().promotion(Promotion.percentOff("pct10", 10))
        .response(new PromotionResponse() {
          @Override
          public double equivalentPrice(PricingRequest request, OfferTerms terms) {
            return terms.paidPrice().doubleValue();
          }

          @Override
          public double conversion(PricingRequest request, OfferTerms terms, double at, double without) {
            return Double.NaN;
          }
        }).build();
    CandidateEvaluation c = broken.evaluate(r).candidate("pct10");
    assertThat(c.reasons()).containsExactly(PromotionReason.MODEL_OUTPUT_INVALID);
  }

  @Test
  void spentBudgetGivesNoPromotionWithReason() {
    Product p = product("sku-1", "40.00", "12.00");
    PromotionBudget budget = PromotionBudget.of("0.00");
    PromotionOptimizer opt = base().promotion(Promotion.percentOff("pct15", 15)).budget(budget).build();
    PromotionDecision d = opt.decide(request("c1", 0.95, p));
    assertThat(d.promoted()).isFalse();
    assertThat(d.reasons()).containsExactly(PromotionReason.BUDGET_EXHAUSTED);
    assertThat(d.effectivePrice()).isEqualByComparingTo("40.00");
    assertThat(budget.spent()).isEqualByComparingTo("0");
    // evaluate() ignores the budget and would promote
    assertThat(opt.evaluate(request("c1", 0.95, p)).promoted()).isTrue();
  }

  @Test
  void customerCapStopsNewCustomersButNotRepeatOnes() {
    Product p = product("sku-1", "40.00", "12.00");
    PromotionBudget budget = PromotionBudget.of("1000").withMaxDiscountedShare(0.5, 2);
    PromotionOptimizer opt = base().promotion(Promotion.percentOff("pct15", 15)).budget(budget).build();
    assertThat(opt.decide(request("c1", 0.95, p)).promoted()).isTrue();
    PromotionDecision second = opt.decide(request("c2", 0.95, p));
    assertThat(second.reasons()).containsExactly(PromotionReason.CUSTOMER_CAP_REACHED);
    assertThat(opt.decide(request("c1", 0.95, p)).promoted()).isTrue();
    assertThat(budget.discountedCustomers()).isEqualTo(1);
  }

  @Test
  void allocatorRespectsBudgetAndPicksHighestRatiosAndThresholdMatches() {
    List<PricingRequest> rs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rs.add(request("c" + i, i / 40.0, product("sku-" + (i % 4), "40.00", "12.00")));
    }
    PromotionOptimizer opt = base().promotion(Promotion.percentOff("pct15", 15))
        .promotion(Promotion.amountOff("amt3", "3.00")).build();
    BudgetAllocator.Allocation unlimited = opt.allocate(rs, 1e9, rs.size());
    BudgetAllocator.Allocation half = opt.allocate(rs, unlimited.totalExpectedCost() / 2, rs.size());
    assertThat(half.totalExpectedCost()).isLessThanOrEqualTo(unlimited.totalExpectedCost() / 2 + 1e-12);
    assertThat(half.totalIncrementalProfit()).isGreaterThan(unlimited.totalIncrementalProfit() / 2);
    assertThat(half.lambda()).isPositive();
    assertThat(unlimited.lambda()).isZero();
    BudgetAllocator.Allocation capped = opt.allocate(rs, 1e9, 3);
    assertThat(capped.discounted()).isEqualTo(3);
    // the online threshold policy at the allocator's lambda promotes the same requests
    PromotionOptimizer online = opt.withProfitPerCostThreshold(half.lambda());
    int agree = 0;
    for (int i = 0; i < rs.size(); i++) {
      if (online.evaluate(rs.get(i)).promoted() == half.decisions().get(i).promoted()) {
        agree++;
      }
    }
    assertThat(agree).isGreaterThanOrEqualTo(rs.size() - 2);
  }

  @Test
  void badInputsFailNamingFieldAndValue() {
    assertThatThrownBy(() -> Promotion.percentOff("p", Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("percent").hasMessageContaining("NaN");
    assertThatThrownBy(() -> Promotion.percentOff("p", -5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("percent").hasMessageContaining("-5");
    assertThatThrownBy(() -> Promotion.percentOff("p", 120)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("percent").hasMessageContaining("120");
    assertThatThrownBy(() -> Promotion.amountOff("a", "-2.00")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amount").hasMessageContaining("-2.00");
    assertThatThrownBy(() -> Promotion.amountOff("a", "NaN")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amount").hasMessageContaining("NaN");
    assertThatThrownBy(() -> Promotion.freeShipping("s", "-1", "2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shippingCost").hasMessageContaining("-1");
    assertThatThrownBy(() -> PromotionBudget.of("-3")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSpend").hasMessageContaining("-3");
    assertThatThrownBy(() -> PromotionBudget.of("10").tryReserve("c", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedCost").hasMessageContaining("NaN");
    assertThatThrownBy(() -> base().promotion(Promotion.amountOff("a", "1.005")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.005");
    assertThatThrownBy(() -> base().promotion(Promotion.percentOff("x", 10)).profitPerCostThreshold(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("profitPerCostThreshold");
    assertThatThrownBy(() -> base().promotion(Promotion.percentOff("x", 10)).build()
        .allocate(List.of(), 10, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests");
    Product eur = Product.builder("sku-e", "EUR").listPrice("10.00").unitCost("1").category("c").build();
    assertThatThrownBy(() -> base().promotion(Promotion.percentOff("x", 10)).build().evaluate(request("c", 0.5, eur)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EUR");
  }

  @Test
  void overlappingPromotionsFailAtConfiguration() {
    Instant mar = Instant.parse("2026-03-01T00:00:00Z");
    Instant apr = Instant.parse("2026-04-01T00:00:00Z");
    Instant may = Instant.parse("2026-05-01T00:00:00Z");
    assertThatThrownBy(() -> base().promotion(Promotion.percentOff("a", 10).forProducts(Set.of("sku-1", "sku-2")))
        .promotion(Promotion.percentOff("b", 20).forProducts(Set.of("sku-2")).during(mar, apr)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlapping")
        .hasMessageContaining("a").hasMessageContaining("b").hasMessageContaining("sku-2");
    // same kind, disjoint windows or products: fine; different kinds overlapping: fine (stacking decides)
    PromotionOptimizer ok = base().promotion(Promotion.percentOff("a", 10).during(mar, apr))
        .promotion(Promotion.percentOff("b", 20).during(apr, may))
        .promotion(Promotion.percentOff("c", 30).forProducts(Set.of("x")).during(Instant.parse("2027-01-01T00:00:00Z"),
            Instant.parse("2027-02-01T00:00:00Z")))
        .promotion(Promotion.amountOff("d", "2.00")).build();
    assertThat(ok.promotions()).hasSize(4);
    assertThatThrownBy(() -> base().promotion(Promotion.percentOff("a", 10)).promotion(Promotion.amountOff("a", "1"))
        .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a").hasMessageContaining("twice");
  }
}
