package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.PricingRequest;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The default market's figures, pinned to the values main produced before the simulator gained the hard
 * market (commit 7a70ed4), so that a refactoring of the simulator cannot move them unnoticed.
 */
class DefaultMarketPinnedTest {
  private static final Offset<Double> SAME = Offset.offset(1e-12);

  @Test
  void defaultMarket_figuresUnchanged() {
    MarketSimulator sim = MarketSimulator.defaultMarket(2026);
    List<SimulatedRequest> rs = sim.requests(3000, 11);
    List<PricingRequest> plain = rs.stream().map(SimulatedRequest::request).toList();
    assertThat(sim.trueValue(sim.oracle(), plain)).isCloseTo(2.4233516802154296, SAME);
    assertThat(sim.trueValue(sim.randomisedPolicy(0.8, 1.2), plain)).isCloseTo(2.0397589981762465, SAME);
    PolicyResult uniform = sim.evaluate(sim.bestUniform(rs), rs);
    assertThat(uniform.profitPerRequest()).isCloseTo(2.2525215311419426, SAME);
    assertThat(uniform.shareOfOracleProfit()).isCloseTo(0.9295066620052849, SAME);
    assertThat(sim.trueProbability(rs.get(0).request(), 12.34)).isCloseTo(0.23149185140175657, SAME);
    assertThat(rs.get(0).request().market().referencePrice()).isEmpty();
    List<SimulatedOffer> offers = sim.logOffers(sim.requests(5000, 3), sim.randomisedPolicy(0.75, 1.25), 4);
    assertThat(offers).allSatisfy(o -> assertThat(o.request().market().referencePrice()).isEmpty());
    assertThat(offers.stream().filter(SimulatedOffer::bought).count()).isEqualTo(716);
    assertThat(offers.stream().mapToDouble(SimulatedOffer::price).sum()).isCloseTo(142770.0, Offset.offset(1e-6));
    assertThat(sim.toString()).startsWith("MarketSimulator{seed=2026, products=24, customers=2000");
  }
}
