package dev.pricing.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.core.bundle.internal.ChoiceSample;
import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.Product;
import dev.pricing.core.LogisticDemandModel;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BundleOptimizerTest {
  static final Function<Product, Market> MARKET = p -> Market.of(50, Instant.parse("2026-03-02T10:00:00Z"));
  static final Customer CUSTOMER = Customer.of("c1", new BehaviourSummary(10, 3, 1, 1, 20, 30, 0.5));

  static Product product(String id, String list, String cost, Guardrail... gs) {
    Product.Builder b = Product.builder(id, "USD").listPrice(list).unitCost(cost).category("home");
    for (Guardrail g : gs) {
      b.guardrail(g);
    }
    return b.build();
  }

  static final List<Product> CATALOGUE = List.of(product("press", "44.99", "20.00"), product("coffee", "12.99", "6.00"),
      product("mug", "9.99", "3.00"), product("towel", "21.99", "8.00"),
      product("floored", "30.00", "10.00", Guardrail.floor("29.00")));

  static BundleOptimizer.Builder base() {
    return BundleOptimizer.builder().catalogue(CATALOGUE).feeRate(0.02).draws(2048)
        .demandModel(LogisticDemandModel.builder().version("t").intercept(1.5).priceCoefficient(3.0).build());
  }

  @Test
  void mixedBundleIsPricedInsideTheRulesAndBeatsItemsAlone() {
    BundleOptimizer opt = base().complementarity(Complementarity.matrix().pair("press", "coffee", 6).build())
        .maxBundleDiscount(0.25).build();
    BundleOffer o = opt.price(CUSTOMER, List.of("press", "coffee"), MARKET);
    assertThat(o.offered()).isTrue();
    assertThat(o.reasons()).startsWith(BundleReason.MIXED_BUNDLE_RAISES_PROFIT);
    assertThat(o.sumOfParts()).isEqualByComparingTo("57.98");
    assertThat(o.price()).isLessThan(o.sumOfParts());
    assertThat(o.price().doubleValue()).isGreaterThanOrEqualTo(0.75 * 57.98 - 1e-9);
    assertThat(o.price().scale()).isEqualTo(2);
    assertThat(o.expectedProfitMixed()).isGreaterThan(o.expectedProfitItemsAlone());
    assertThat(o.bundleTakeRate()).isBetween(0.0, 1.0).isPositive();
    assertThat(o.purchaseRateMixed()).isGreaterThanOrEqualTo(o.purchaseRateItemsAlone());
  }

  @Test
  void complementarityRaisesTheBundleValue() {
    BundleOffer without = base().build().price(CUSTOMER, List.of("press", "coffee"), MARKET);
    BundleOffer with = base().complementarity(Complementarity.matrix().pair("coffee", "press", 8).build()).build()
        .price(CUSTOMER, List.of("press", "coffee"), MARKET);
    assertThat(with.expectedProfitMixed()).isGreaterThan(without.expectedProfitMixed());
    assertThat(with.price()).isGreaterThanOrEqualTo(without.price());
  }

  @Test
  void floorsAndMaxDiscountBind() {
    // minimum margin 40%: each item's floor is cost / (1 - 0.02 - 0.4); the bundle never goes below their sum
    BundleOptimizer opt = base().guardrail(Guardrail.minimumMargin(0.40)).maxBundleDiscount(0.9).build();
    BundleOffer o = opt.price(CUSTOMER, List.of("press", "coffee"), MARKET);
    double floor = 20.00 / 0.58 + 6.00 / 0.58;
    assertThat(o.floor().doubleValue()).isCloseTo(floor, org.assertj.core.data.Offset.offset(0.011));
    assertThat(o.price().doubleValue()).isGreaterThanOrEqualTo(floor - 1e-9);
    // a product floor of 29.00 plus the mug's ... sum of floors above sum of parts is impossible here; the floored
    // item's own floor is respected in the sum
    BundleOffer f = base().maxBundleDiscount(0.9).build().price(CUSTOMER, List.of("floored", "mug"), MARKET);
    assertThat(f.floor().doubleValue()).isGreaterThanOrEqualTo(29.00);
    assertThat(f.price().doubleValue()).isGreaterThanOrEqualTo(29.00);
    BundleOffer tight = base().maxBundleDiscount(0.01).build().price(CUSTOMER, List.of("press", "coffee"), MARKET);
    if (tight.offered()) {
      assertThat(tight.price().doubleValue()).isGreaterThanOrEqualTo(0.99 * 57.98 - 1e-9);
    }
    BundleOffer infeasible = base().guardrail(Guardrail.minimumMargin(0.9)).build()
        .price(CUSTOMER, List.of("press", "coffee"), MARKET);
    assertThat(infeasible.offered()).isFalse();
    assertThat(infeasible.reasons()).containsExactly(BundleReason.FLOORS_ABOVE_PARTS);
  }

  @Test
  void proposePicksTheCandidateWithTheLargestGainAndSkipsCartItems() {
    BundleOptimizer opt = base().complementarity(Complementarity.matrix().pair("press", "coffee", 10).build()).build();
    BundleOffer o = opt.propose(CUSTOMER, List.of("press"), List.of("press", "mug", "coffee", "towel"), MARKET);
    double best = Double.NEGATIVE_INFINITY;
    for (String c : List.of("mug", "coffee", "towel")) {
      best = Math.max(best, opt.price(CUSTOMER, List.of("press", c), MARKET).profitGain());
    }
    assertThat(o.itemIds()).hasSize(2).startsWith("press");
    assertThat(o.profitGain()).isEqualTo(best);
    BundleOffer none = opt.propose(CUSTOMER, List.of("press"), List.of("press"), MARKET);
    assertThat(none.offered()).isFalse();
    assertThat(none.reasons()).containsExactly(BundleReason.NO_CANDIDATE);
  }

  @Test
  void deterministic() {
    BundleOffer a = base().build().price(CUSTOMER, List.of("press", "mug", "coffee"), MARKET);
    BundleOffer b = base().build().price(CUSTOMER, List.of("press", "mug", "coffee"), MARKET);
    assertThat(a).isEqualTo(b);
  }

  @Test
  void badInputsFailNamingTheItem() {
    BundleOptimizer opt = base().build();
    assertThatThrownBy(() -> opt.price(CUSTOMER, List.of("press", "mug", "press"), MARKET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'press' twice");
    assertThatThrownBy(() -> opt.propose(CUSTOMER, List.of("press", "ghost"), List.of("mug"), MARKET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cart").hasMessageContaining("'ghost'");
    assertThatThrownBy(() -> opt.propose(CUSTOMER, List.of("press"), List.of(), MARKET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("candidates").hasMessageContaining("[]");
    assertThatThrownBy(() -> opt.propose(CUSTOMER, List.of(), List.of("mug"), MARKET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cart");
    assertThatThrownBy(() -> opt.price(CUSTOMER, List.of("press"), MARKET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 to 4").hasMessageContaining("press");
    assertThatThrownBy(() -> opt.price(CUSTOMER, List.of("press", "mug", "coffee", "towel", "floored"), MARKET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 5");
    assertThatThrownBy(() -> Complementarity.matrix().pair("a", "a", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a twice");
    assertThatThrownBy(() -> Complementarity.matrix().pair("a", "b", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> base().maxBundleDiscount(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBundleDiscount").hasMessageContaining("1.5");
    assertThatThrownBy(() -> BundleOptimizer.builder().catalogue(List.of(CATALOGUE.get(0), CATALOGUE.get(0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("press");
    BundleOptimizer flat = BundleOptimizer.builder().catalogue(CATALOGUE).feeRate(0.02).draws(2048)
        .demandModel(LogisticDemandModel.builder().version("flat").intercept(0.5).priceCoefficient(0).build()).build();
    // The builder convention: a second setting of one option is refused, showing both values.
    assertThatThrownBy(() -> base().feeRate(0.05)).isInstanceOf(IllegalStateException.class)
        .hasMessage("bundleOptimizer.feeRate was already set to 0.02; cannot set it to 0.05");
    assertThatThrownBy(() -> flat.price(CUSTOMER, List.of("press", "mug"), MARKET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("press").hasMessageContaining("fall");
    BundleOptimizer broken = base().complementarity((a, b) -> Double.NaN).build();
    assertThatThrownBy(() -> broken.price(CUSTOMER, List.of("press", "mug"), MARKET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("press").hasMessageContaining("NaN");
  }

  @Test
  void willingnessToPayFitRecoversALogisticDemandCurveAndTheSampleReproducesIt() {
    double[] fit = ChoiceSample.fit("x", new double[] {10, 20, 30}, new double[] {
        1 / (1 + Math.exp(-(2 - 0.1 * 10))), 1 / (1 + Math.exp(-(2 - 0.1 * 20))), 1 / (1 + Math.exp(-(2 - 0.1 * 30)))});
    assertThat(fit[1]).isCloseTo(10, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(fit[0]).isCloseTo(20, org.assertj.core.data.Offset.offset(1e-9));
    // the choice model with one item reproduces P(w >= p) = sigmoid((mu - p) / s) on the Sobol sample
    double[][] z = ChoiceSample.sobolLogistic(4096, 2);
    ChoiceSample one = new ChoiceSample(new double[] {20}, new double[] {10}, new double[] {25}, new double[] {1},
        new double[1][1], z);
    assertThat(one.itemsAlonePurchaseRate()).isCloseTo(1 / (1 + Math.exp(0.5)), org.assertj.core.data.Offset.offset(0.002));
  }
}
