package dev.pricing.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.Guardrail;
import dev.pricing.api.Product;
import dev.pricing.core.LogisticDemandModel;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Invariants of bundle offers on random items, rules and complementarity. */
class BundleProperties {

  @Property(tries = 150)
  void bundlePriceStaysInsideTheRulesAndNeverLosesToItemsAlone(
      @ForAll @IntRange(min = 200, max = 10_000) int priceA,
      @ForAll @IntRange(min = 200, max = 10_000) int priceB,
      @ForAll @DoubleRange(min = 0.1, max = 0.9) double costShare,
      @ForAll @DoubleRange(min = 0.0, max = 0.5) double minMargin,
      @ForAll @DoubleRange(min = 0.0, max = 0.9) double maxDiscount,
      @ForAll @DoubleRange(min = -5, max = 15) double theta,
      @ForAll @DoubleRange(min = 0.5, max = 8) double priceCoefficient) {
    Product a = Product.builder("a", "USD").listPrice(BigDecimal.valueOf(priceA, 2))
        .unitCost(BigDecimal.valueOf(Math.round(priceA * costShare), 2)).category("c").build();
    Product b = Product.builder("b", "USD").listPrice(BigDecimal.valueOf(priceB, 2))
        .unitCost(BigDecimal.valueOf(Math.round(priceB * costShare), 2)).category("c").build();
    BundleOptimizer opt = BundleOptimizer.builder().catalogue(List.of(a, b)).feeRate(0.02).draws(512)
        .demandModel(LogisticDemandModel.builder().version("p").intercept(1).priceCoefficient(priceCoefficient).build())
        .guardrail(Guardrail.minimumMargin(minMargin)).maxBundleDiscount(maxDiscount)
        .complementarity(Complementarity.matrix().pair("a", "b", theta).build()).build();
    BundleOffer o = opt.price(BundleOptimizerTest.CUSTOMER, List.of("a", "b"), BundleOptimizerTest.MARKET);

    BigDecimal sum = BigDecimal.valueOf(priceA + priceB, 2);
    assertThat(o.sumOfParts()).isEqualByComparingTo(sum);
    assertThat(o.price()).isLessThanOrEqualTo(sum);
    assertThat(o.price().scale()).isLessThanOrEqualTo(2);
    assertThat(o.expectedProfitMixed()).isGreaterThanOrEqualTo(o.expectedProfitItemsAlone());
    if (o.offered()) {
      double floors = (Math.round(priceA * costShare) + Math.round(priceB * costShare)) / 100.0 / (1 - 0.02 - minMargin);
      assertThat(o.price().doubleValue()).isGreaterThanOrEqualTo(floors - 1e-9);
      assertThat(o.price().doubleValue()).isGreaterThanOrEqualTo((1 - maxDiscount) * sum.doubleValue() - 1e-9);
      assertThat(o.price()).isLessThan(sum);
      assertThat(o.profitGain()).isPositive();
      assertThat(o.bundleTakeRate()).isPositive();
      assertThat(o.reasons()).startsWith(BundleReason.MIXED_BUNDLE_RAISES_PROFIT);
    } else {
      assertThat(o.price()).isEqualByComparingTo(sum);
      assertThat(o.profitGain()).isZero();
    }
  }
}
