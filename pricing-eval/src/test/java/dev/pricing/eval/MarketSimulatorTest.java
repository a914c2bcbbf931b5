package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.PricingRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MarketSimulatorTest {
  private static final MarketSimulator SIM = MarketSimulator.defaultMarket(7);

  @Test
  void requests_sameSeeds_sameRequests() {
    List<SimulatedRequest> a = MarketSimulator.defaultMarket(7).requests(200, 1);
    List<SimulatedRequest> b = MarketSimulator.defaultMarket(7).requests(200, 1);
    assertThat(a).isEqualTo(b);
    assertThat(SIM.requests(200, 2)).isNotEqualTo(a);
  }

  @Test
  void customers_behaviourMatchesSegment() {
    List<SimulatedRequest> rs = SIM.requests(3000, 3);
    Map<String, Double> response = rs.stream()
        .filter(s -> !Double.isNaN(s.request().customer().behaviour().discountResponseRate()))
        .collect(Collectors.groupingBy(SimulatedRequest::segmentId,
            Collectors.averagingDouble(s -> s.request().customer().behaviour().discountResponseRate())));
    Map<String, Double> purchases = rs.stream().collect(Collectors.groupingBy(SimulatedRequest::segmentId,
        Collectors.averagingDouble(s -> s.request().customer().behaviour().purchases())));
    assertThat(response.get("deal-seeker")).isGreaterThan(0.6);
    assertThat(response.get("loyal")).isLessThan(0.3);
    assertThat(purchases.get("loyal")).isGreaterThan(purchases.get("deal-seeker"));
    assertThat(purchases.get("newcomer")).isZero();
  }

  @Test
  void trueProbability_fallsWithPriceAndDealSeekersAreMoreSensitive() {
    List<SimulatedRequest> rs = SIM.requests(2000, 4);
    double dealDrop = averageDrop(rs, "deal-seeker");
    double loyalDrop = averageDrop(rs, "loyal");
    assertThat(dealDrop).isGreaterThan(0);
    assertThat(loyalDrop).isGreaterThan(0);
    // Relative drop in demand from 0.9x to 1.1x list: deal-seekers react more.
    assertThat(dealDrop).isGreaterThan(loyalDrop);
  }

  private static double averageDrop(List<SimulatedRequest> rs, String segment) {
    return rs.stream().filter(s -> s.segmentId().equals(segment)).mapToDouble(s -> {
      PricingRequest r = s.request();
      double list = r.product().listPrice().doubleValue();
      double lo = SIM.trueProbability(r, 0.9 * list);
      return (lo - SIM.trueProbability(r, 1.1 * list)) / lo;
    }).average().orElseThrow();
  }

  @Test
  void competitorPrices_trendUpOverTheHorizon() {
    List<SimulatedRequest> rs = SIM.requests(4000, 5);
    double early = rs.stream().filter(s -> s.day() < 20).mapToDouble(MarketSimulatorTest::competitorRatio)
        .average().orElseThrow();
    double late = rs.stream().filter(s -> s.day() >= 100).mapToDouble(MarketSimulatorTest::competitorRatio)
        .average().orElseThrow();
    assertThat(late).isGreaterThan(early + 0.02);
  }

  private static double competitorRatio(SimulatedRequest s) {
    double list = s.request().product().listPrice().doubleValue();
    return s.request().market().competitorPrices().stream().mapToDouble(p -> p.doubleValue() / list)
        .average().orElseThrow();
  }

  @Test
  void oracle_isAtLeastAsGoodAsEveryLadderPriceTried() {
    List<SimulatedRequest> rs = SIM.requests(50, 6);
    PricingPolicy oracle = SIM.oracle();
    for (SimulatedRequest s : rs) {
      double best = oracle.distribution(s.request()).price(0);
      double bestValue = SIM.trueExpectedProfit(s.request(), best);
      for (double p : SIM.randomisedPolicy(0.5, 2.0).distribution(s.request()).prices()) {
        assertThat(SIM.trueExpectedProfit(s.request(), p)).isLessThanOrEqualTo(bestValue + 1e-12);
      }
    }
  }

  @Test
  void logOffers_recordsPropensitiesAndOutcomes() {
    List<SimulatedRequest> rs = SIM.requests(2000, 8);
    List<SimulatedOffer> offers = SIM.logOffers(rs, SIM.randomisedPolicy(0.75, 1.25), 9);
    assertThat(offers).hasSize(2000);
    assertThat(offers).allSatisfy(o -> assertThat(o.propensity()).isBetween(0.01, 1.0));
    double observed = offers.stream().filter(SimulatedOffer::bought).count() / 2000.0;
    double expected = offers.stream().mapToDouble(SimulatedOffer::trueProbability).average().orElseThrow();
    assertThat(observed).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.03));
    assertThat(SIM.logOffers(rs, SIM.randomisedPolicy(0.75, 1.25), 9)).isEqualTo(offers);
  }

  @Test
  void builder_outOfRange_rejectedNamingField() {
    assertThatThrownBy(() -> MarketSimulator.builder().customers(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customers").hasMessageContaining("0");
    assertThatThrownBy(() -> MarketSimulator.builder().feeRate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feeRate");
    assertThatThrownBy(() -> SIM.requests(0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count");
    assertThatThrownBy(() -> SIM.randomisedPolicy(1.2, 1.3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lowRatio");
  }
}
