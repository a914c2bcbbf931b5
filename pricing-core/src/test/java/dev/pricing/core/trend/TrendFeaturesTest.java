package dev.pricing.core.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.LogisticDemandModel;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrendFeaturesTest {
  static final Instant DAY0 = Instant.parse("2026-01-05T00:00:00Z"); // a Monday

  static PricingRequest request(String product, Instant time) {
    Product p = Product.builder(product, "USD").listPrice("20.00").unitCost("10.00").category("juice").build();
    return PricingRequest.of(new Customer("c", BehaviourSummary.empty(), List.of(), Map.of()), p,
        Market.of(10, time));
  }

  static TrendTracker trackedGrowth() {
    TrendTracker t = TrendTracker.builder().origin(DAY0).demand(Smoothing.holt(0.5, 0.2))
        .competitor(Smoothing.holt(0.5, 0.2)).build();
    for (int d = 0; d < 30; d++) {
      Instant time = DAY0.plus(Duration.ofDays(d)).plusSeconds(3600);
      t.recordDemand("oj", time, 100 + 5 * d);
      t.recordCompetitorPrice("oj", time, 20 - 0.2 * d);
    }
    return t;
  }

  @Test
  void knownProduct_featuresDescribeItsTrendAtTheRequestTime() {
    TrendTracker t = trackedGrowth();
    EventCalendar cal = EventCalendar.builder(ZoneOffset.UTC)
        .event("promo week", LocalDate.of(2026, 2, 2), LocalDate.of(2026, 2, 8), 1.3).build();
    TrendFeatures f = new TrendFeatures(t, cal);
    double[] out = new double[8];
    // Day 29 is open; the last closed period is day 28 (level 240, trend 5). Request on day 32: h = 4.
    Instant at = DAY0.plus(Duration.ofDays(32)).plusSeconds(7200);
    f.extract(request("oj", at), out, 1);
    assertThat(out[0]).isZero();
    assertThat(out[1]).isEqualTo(1);
    assertThat(out[2]).isCloseTo(Math.log1p(240), within(1e-9));
    assertThat(out[3]).isCloseTo(5.0 / 241, within(1e-9));
    assertThat(out[4]).isCloseTo((240 + 4 * 5 + 1) / 241.0, within(1e-9));
    assertThat(out[5]).isCloseTo(-0.2 / (20 - 0.2 * 28), within(1e-9));
    assertThat(out[6]).isEqualTo(1.3); // 2026-02-06 is in the promo week
    assertThat(out[7]).isZero();
    assertThat(f.personal()).isFalse();
    assertThat(f.featureNames()).hasSize(6);
  }

  @Test
  void unknownProduct_getsTheDocumentedNeutralValues() {
    TrendFeatures f = new TrendFeatures(trackedGrowth(), EventCalendar.none());
    double[] out = new double[6];
    java.util.Arrays.fill(out, 42);
    f.extract(request("never-seen", DAY0), out, 0);
    assertThat(out).containsExactly(0, 0, 0, 1, 0, 1);
  }

  @Test
  void engine_withTrendFeatures_pricesAndDependsOnTheTrend() {
    TrendTracker t = trackedGrowth();
    LogisticDemandModel model = LogisticDemandModel.builder().intercept(1).priceCoefficient(4)
        .weight("trend.demand_forecast_ratio", 8).build();
    try (PricingEngine engine = PricingEngine.builder().extractors(FeatureExtractors.standard())
        .extractor(new TrendFeatures(t, EventCalendar.none())).demandModel(model).build()) {
      Instant at = DAY0.plus(Duration.ofDays(32));
      PriceDecision growing = engine.price(request("oj", at));
      PriceDecision unknown = engine.price(request("flat", at));
      // A growing forecast raises demand, so the optimiser asks more.
      assertThat(growing.price()).isGreaterThan(unknown.price());
    }
  }
}
