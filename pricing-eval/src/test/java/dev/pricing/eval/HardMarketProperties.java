package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.PricingRequest;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the hard market's truth on its own requests, at any reference price and price grid. */
class HardMarketProperties {
  private static final MarketSimulator SIM = MarketSimulator.hardMarket(5);
  private static final List<SimulatedRequest> REQUESTS = SIM.requests(400, 1);

  @Property(tries = 300)
  void demandIsNonIncreasingInPriceAndStaysUnderTheSegmentCeiling(
      @ForAll @IntRange(min = 0, max = 399) int index,
      @ForAll boolean withReference,
      @ForAll @DoubleRange(min = 0.3, max = 1.8) double referenceRatio,
      @ForAll @Size(min = 2, max = 40) List<@DoubleRange(min = 0.0, max = 3.0) Double> priceRatios) {
    SimulatedRequest s = REQUESTS.get(index);
    PricingRequest r = withReference ? withReference(s.request(), referenceRatio) : s.request();
    double list = r.product().listPrice().doubleValue();
    double[] prices = priceRatios.stream().mapToDouble(x -> x * list).sorted().toArray();
    double[] prob = new double[prices.length];
    SIM.truth().probabilities(r, prices, prices.length, prob);
    double ceiling = HardTruth.ceiling(s.segmentId());
    assertThat(ceiling).isLessThan(1.0);
    for (int i = 0; i < prices.length; i++) {
      assertThat(prob[i]).isBetween(0.0, ceiling);
      assertThat(prob[i]).isEqualTo(SIM.trueProbability(r, prices[i]));
      if (i > 0) {
        assertThat(prob[i]).as("P(buy) at %s after %s", prices[i], prices[i - 1]).isLessThanOrEqualTo(prob[i - 1]);
      }
    }
  }

  @Property(tries = 200)
  void aLowerLastSeenPriceLowersDemandAboveIt(
      @ForAll @IntRange(min = 0, max = 399) int index,
      @ForAll @DoubleRange(min = 0.5, max = 1.3) double lowRatio,
      @ForAll @DoubleRange(min = 0.02, max = 0.4) double step,
      @ForAll @DoubleRange(min = 0.0, max = 1.0) double where) {
    PricingRequest raw = REQUESTS.get(index).request();
    PricingRequest low = withReference(raw, lowRatio);
    PricingRequest high = withReference(raw, lowRatio + step);
    double lowRef = low.referencePrice().doubleValue();
    double highRef = high.referencePrice().doubleValue();
    // Any price above the lower reference, up to a little above the higher one.
    double price = lowRef + 0.01 + where * (highRef - lowRef + 0.1 * raw.product().listPrice().doubleValue());
    assertThat(SIM.trueProbability(low, price)).isLessThanOrEqualTo(SIM.trueProbability(high, price));
  }

  static PricingRequest withReference(PricingRequest r, double ratio) {
    BigDecimal ref = BigDecimal.valueOf(Math.round(r.product().listPrice().doubleValue() * ratio * 100), 2);
    return PricingRequest.of(r.customer(), r.product(), r.market().withReferencePrice(ref));
  }
}
