package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.GuardrailKind;
import dev.pricing.api.Objective;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.FeatureExtractor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineTest {

  private static PricingEngine engine() {
    return PricingEngine.builder().demandModel(Fixtures.model()).build();
  }

  @Test
  void price_onLadderWithConsistentExpectations() {
    try (PricingEngine engine = engine()) {
      PricingRequest req = Fixtures.request(Customer.anonymous(), Fixtures.product("oj", "19.99", "11.40"));
      PriceDecision d = engine.price(req);
      assertThat(d.price().scale()).isEqualTo(2);
      assertThat(PriceLadder.NINETY_NINE.contains(d.price(), 2)).isTrue();
      assertThat(d.modelVersion()).isEqualTo("test-1");
      assertThat(d.reasons()).contains(ReasonCode.OPTIMISED);
      double p = d.price().doubleValue();
      assertThat(d.expectedRevenue()).isCloseTo(p * d.expectedConversion(), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(d.expectedProfit()).isCloseTo((p - 11.40) * d.expectedConversion(), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(d.referencePrice()).isEqualByComparingTo("19.99");
      assertThat(d.propensity()).isEqualTo(1.0);
    }
  }

  @Test
  void price_isBestOnTheLadder() {
    // Brute force over every .99 point in the search range must not beat the engine.
    try (PricingEngine engine = engine()) {
      PricingRequest req = Fixtures.request(Fixtures.customer("c", 10, 2, 3, 5, 0.3), Fixtures.product("oj", "19.99", "11.40"));
      PriceDecision d = engine.price(req);
      var scorer = Fixtures.model().bind(engine.schema());
      double[] x = engine.features(req).toArray();
      double best = Double.NEGATIVE_INFINITY;
      for (int cents = 999; cents <= 3998; cents += 100) {
        double[] out = new double[1];
        scorer.score(x, new double[] {cents / 100.0}, 1, out);
        best = Math.max(best, (cents / 100.0 - 11.40) * out[0]);
      }
      assertThat(d.expectedProfit()).isGreaterThanOrEqualTo(best - 1e-12);
    }
  }

  @Test
  void price_coarseGridRefinesToLadderBest() {
    // 8 grid candidates over ~30 ladder points: the bracket refinement must still find the ladder's best.
    try (PricingEngine full = engine();
         PricingEngine coarse = PricingEngine.builder().demandModel(Fixtures.model()).maxCandidates(8).build()) {
      for (PricingRequest req : Fixtures.randomRequests(5, 200)) {
        PriceDecision a = full.price(req);
        PriceDecision b = coarse.price(req);
        assertThat(b.expectedProfit()).as("%s", req.product()).isGreaterThanOrEqualTo(a.expectedProfit() - 1e-9);
      }
    }
  }

  @Test
  void price_ceilingBinds() {
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model())
        .guardrail(Guardrail.ceiling("USD", "15.99")).build()) {
      PriceDecision d = engine.price(Fixtures.request(Customer.anonymous(), Fixtures.product("oj", "19.99", "11.40")));
      assertThat(d.price()).isEqualByComparingTo("15.99");
      assertThat(d.bindingGuardrail()).contains(GuardrailKind.CEILING);
      assertThat(d.reasons().get(0)).isEqualTo(ReasonCode.GUARDRAIL_BINDING);
    }
  }

  @Test
  void price_minimumMarginBinds() {
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model())
        .guardrail(Guardrail.minimumMargin(0.6)).paymentFeeRate(0.03).build()) {
      PriceDecision d = engine.price(Fixtures.request(Customer.anonymous(), Fixtures.product("oj", "19.99", "11.40")));
      double p = d.price().doubleValue();
      assertThat((p - 11.40 - 0.03 * p) / p).isGreaterThanOrEqualTo(0.6);
      assertThat(d.bindingGuardrail()).contains(GuardrailKind.MINIMUM_MARGIN);
    }
  }

  @Test
  void price_productMapBinds() {
    Product p = Product.builder("oj", "USD").listPrice("19.99").unitCost("5.00").category("juice")
        .guardrail(Guardrail.minimumAdvertisedPrice("24.99")).build();
    try (PricingEngine engine = engine()) {
      PriceDecision d = engine.price(Fixtures.request(Customer.anonymous(), p));
      assertThat(d.price()).isGreaterThanOrEqualTo(new BigDecimal("24.99"));
      assertThat(d.bindingGuardrail()).contains(GuardrailKind.MINIMUM_ADVERTISED_PRICE);
    }
  }

  @Test
  void price_infeasibleGuardrailsGiveReference() {
    // Max change 5% around 19.99 but beat the cheapest competitor (18.49) by 10%: no price satisfies both.
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model())
        .guardrail(Guardrail.maxChange(0.05)).guardrail(Guardrail.beatCompetitors(0.10)).build()) {
      PriceDecision d = engine.price(Fixtures.request(Customer.anonymous(), Fixtures.product("oj", "19.99", "11.40")));
      assertThat(d.price()).isEqualByComparingTo("19.99");
      assertThat(d.reasons().get(0)).isEqualTo(ReasonCode.INFEASIBLE_GUARDRAILS);
      assertThat(d.personalised()).isFalse();
    }
  }

  @Test
  void price_competitorBandWithoutCompetitorsSaysSo() {
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model())
        .guardrail(Guardrail.matchCompetitors()).build()) {
      PricingRequest req = Fixtures.request(Customer.anonymous(), Fixtures.product("oj", "19.99", "11.40"));
      req = PricingRequest.of(req.customer(), req.product(), req.market().withCompetitorPrices("USD", List.of()));
      assertThat(engine.price(req).reasons()).contains(ReasonCode.NO_COMPETITOR_DATA);
    }
  }

  @Test
  void price_personalisedFlagAndBaseline() {
    try (PricingEngine engine = engine()) {
      Product oj = Fixtures.product("oj", "19.99", "11.40");
      // A customer who only buys on discount is much more price sensitive than the neutral customer.
      PriceDecision sensitive = engine.price(Fixtures.request(Fixtures.customer("c1", 30, 1, 0, 400, 1.0), oj));
      PriceDecision anonymous = engine.price(Fixtures.request(Customer.anonymous(), oj));
      assertThat(anonymous.personalised()).isFalse();
      assertThat(anonymous.disclosure()).isEmpty();
      assertThat(sensitive.personalised()).isTrue();
      assertThat(sensitive.price()).isLessThan(sensitive.baselinePrice());
      assertThat(sensitive.baselinePrice()).isEqualByComparingTo(anonymous.price());
      assertThat(sensitive.reasons()).contains(ReasonCode.PERSONALISED);
      assertThat(sensitive.disclosure()).isPresent();
      assertThat(sensitive.expectedProfit()).isGreaterThanOrEqualTo(sensitive.baselineExpectedProfit());
    }
  }

  @Test
  void price_uniformModeIgnoresCustomer() {
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model()).uniformPricing(true).build()) {
      Product oj = Fixtures.product("oj", "19.99", "11.40");
      PriceDecision a = engine.price(Fixtures.request(Fixtures.customer("c1", 30, 1, 0, 400, 1.0), oj));
      PriceDecision b = engine.price(Fixtures.request(Fixtures.customer("c2", 3, 3, 9, 1, 0.0), oj));
      assertThat(a.price()).isEqualTo(b.price());
      assertThat(a.personalised()).isFalse();
      assertThat(a.reasons()).contains(ReasonCode.UNIFORM_MODE);
    }
  }

  @Test
  void price_shadowModeServesReferenceAndProposes() {
    Product oj = Fixtures.product("oj", "19.99", "11.40");
    PricingRequest req = Fixtures.request(Fixtures.customer("c1", 30, 1, 0, 400, 1.0), oj);
    List<PriceDecision> logged = new ArrayList<>();
    try (PricingEngine live = engine();
         PricingEngine shadow = PricingEngine.builder().demandModel(Fixtures.model()).shadowMode(true)
             .listener((r, d) -> logged.add(d)).build()) {
      PriceDecision proposed = live.price(req);
      PriceDecision d = shadow.price(req);
      assertThat(d.price()).isEqualByComparingTo("19.99");
      assertThat(d.proposedPrice()).isEqualTo(proposed.price());
      assertThat(d.proposedPrice()).isNotEqualByComparingTo(d.price());
      assertThat(d.expectedProfit()).isEqualTo(proposed.expectedProfit());
      assertThat(d.reasons().get(0)).isEqualTo(ReasonCode.SHADOW_MODE);
      assertThat(d.personalised()).isFalse();
      assertThat(logged).containsExactly(d);
      assertThat(proposed.proposedPrice()).isEqualTo(proposed.price());
    }
  }

  @Test
  void price_yenHasNoDecimals() {
    Product p = Product.builder("tea", "JPY").listPrice("1980").unitCost("900").category("tea").build();
    try (PricingEngine engine = engine()) {
      Market yen = Market.of(120, java.time.Instant.parse("2026-11-24T10:00:00Z"))
          .withCompetitorPrices("JPY", List.of(new BigDecimal("1850"), new BigDecimal("2100")));
      PriceDecision d = engine.price(PricingRequest.of(Customer.anonymous(), p, yen));
      assertThat(d.price().scale()).isEqualTo(0);
      assertThat(d.price().longValueExact() % 100).isEqualTo(99);
    }
  }

  @Test
  void price_revenueObjectivePricesLower() {
    Product oj = Fixtures.product("oj", "19.99", "11.40");
    try (PricingEngine profit = engine();
         PricingEngine revenue = PricingEngine.builder().demandModel(Fixtures.model()).objective(Objective.revenue()).build()) {
      PricingRequest req = Fixtures.request(Customer.anonymous(), oj);
      assertThat(revenue.price(req).price()).isLessThanOrEqualTo(profit.price(req).price());
    }
  }

  @Test
  void price_extractorWritingNaNIsRejectedByName() {
    FeatureExtractor broken = new FeatureExtractor() {
      @Override
      public List<String> featureNames() {
        return List.of("broken.ratio");
      }

      @Override
      public void extract(PricingRequest request, double[] out, int offset) {
        out[offset] = 0.0 / 0.0;
      }

      @Override
      public String toString() {
        return "BrokenExtractor";
      }
    };
    PricingRequest req = Fixtures.request(Customer.anonymous(), Fixtures.product("oj", "19.99", "11.40"));
    // Fail-safe (the default): the checkout gets the safe reference price, the failure is counted.
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model())
        .extractors(FeatureExtractors.standard()).extractor(broken).build()) {
      PriceDecision d = engine.price(req);
      assertThat(d.reasons()).contains(ReasonCode.COMPONENT_FAILED);
      assertThat(d.fallback()).isTrue();
      assertThat(d.price()).isEqualByComparingTo("19.99");
      assertThat(engine.health().componentFailures()).containsEntry("BrokenExtractor", 1L);
    }
    // Strict mode (offline, to find bad data): the error names the feature, the extractor and the value.
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model()).failSafe(false)
        .extractors(FeatureExtractors.standard()).extractor(broken).build()) {
      assertThatThrownBy(() -> engine.price(req))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("feature 'broken.ratio'")
          .hasMessageContaining("BrokenExtractor")
          .hasMessageContaining("NaN");
      // The failed request leaves nothing behind: the next one on this thread prices normally.
      PricingEngine clean = PricingEngine.builder().demandModel(Fixtures.model()).build();
      assertThat(clean.price(req).price()).isNotNull();
    }
  }

  @Test
  void price_modelReturningNaNFallsBackInsideGuardrails() {
    dev.pricing.api.spi.DemandModel nan = new dev.pricing.api.spi.DemandModel() {
      @Override
      public String version() {
        return "nan-1";
      }

      @Override
      public dev.pricing.api.DemandKind kind() {
        return dev.pricing.api.DemandKind.CONVERSION_PROBABILITY;
      }

      @Override
      public Scorer bind(dev.pricing.api.FeatureSchema schema) {
        return (x, prices, count, out) -> java.util.Arrays.fill(out, 0, count, Double.NaN);
      }
    };
    try (PricingEngine engine = PricingEngine.builder().demandModel(nan).guardrail(Guardrail.ceiling("USD", "17.99")).build()) {
      PriceDecision d = engine.price(Fixtures.request(Customer.anonymous(), Fixtures.product("oj", "19.99", "11.40")));
      assertThat(d.reasons().get(0)).isEqualTo(ReasonCode.MODEL_OUTPUT_INVALID);
      assertThat(d.price()).isEqualByComparingTo("17.99");
    }
  }

  @Test
  void build_modelNeedsMissingFeature() {
    LogisticDemandModel m = LogisticDemandModel.builder().weight("customer.attr.loyalty", 1).build();
    assertThatThrownBy(() -> PricingEngine.builder().demandModel(m).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'customer.attr.loyalty'");
  }

  @Test
  void build_deniedFeature() {
    assertThatThrownBy(() -> PricingEngine.builder().demandModel(Fixtures.model())
        .extractors(FeatureExtractors.standard())
        .extractor(FeatureExtractors.customerAttributes(Map.of("age", 40.0)))
        .denyFeature("customer.attr.age").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'customer.attr.age'")
        .hasMessageContaining("denied");
  }

  @Test
  void build_duplicateFeatureNames() {
    assertThatThrownBy(() -> PricingEngine.builder().demandModel(Fixtures.model())
        .extractors(FeatureExtractors.standard()).extractor(FeatureExtractors.market()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appears twice");
  }

  @Test
  void build_floorAboveCeiling() {
    assertThatThrownBy(() -> PricingEngine.builder().demandModel(Fixtures.model())
        .guardrail(Guardrail.floor("USD", "20.00")).guardrail(Guardrail.ceiling("USD", "10.00")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floor 20.00 is above ceiling 10.00");
  }

  @Test
  void close_idempotentAndRejectsUse() {
    PricingEngine engine = engine();
    engine.close();
    engine.close();
    PricingRequest req = Fixtures.request(Customer.anonymous(), Fixtures.product("oj", "19.99", "11.40"));
    assertThatThrownBy(() -> engine.price(req))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed PricingEngine");
  }

  @Test
  void price_nullRequest() {
    try (PricingEngine engine = engine()) {
      assertThatThrownBy(() -> engine.price(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("request");
    }
  }

  @Test
  void swapModel_newVersionReported() {
    try (PricingEngine engine = engine()) {
      PricingRequest req = Fixtures.request(Customer.anonymous(), Fixtures.product("oj", "19.99", "11.40"));
      assertThat(engine.price(req).modelVersion()).isEqualTo("test-1");
      engine.swapModel(LogisticDemandModel.builder().version("test-2").intercept(2).priceCoefficient(3).build());
      assertThat(engine.price(req).modelVersion()).isEqualTo("test-2");
      LogisticDemandModel bad = LogisticDemandModel.builder().version("bad").weight("nope", 1).build();
      assertThatThrownBy(() -> engine.swapModel(bad)).hasMessageContaining("'nope'");
      assertThat(engine.modelVersion()).isEqualTo("test-2");
    }
  }

  @Test
  void listener_failureDoesNotFailDecision() {
    List<PriceDecision> seen = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model())
        .listener((r, d) -> {
          calls.incrementAndGet();
          throw new IllegalStateException("listener down");
        })
        .listener((r, d) -> seen.add(d)).build()) {
      PriceDecision d = engine.price(Fixtures.request(Customer.anonymous(), Fixtures.product("oj", "19.99", "11.40")));
      assertThat(calls).hasValue(1);
      assertThat(seen).containsExactly(d);
      assertThat(engine.health().listenerFailures()).isEqualTo(1);
    }
  }

  @Test
  void features_namedAndFinite() {
    try (PricingEngine engine = engine()) {
      var x = engine.features(Fixtures.request(Fixtures.customer("c", 10, 2, 3, 30, 0.2), Fixtures.product("oj", "19.99", "11.40")));
      assertThat(x.get("product.list_price")).isEqualTo(19.99);
      assertThat(x.get("behaviour.recency")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(x.get("market.competitor_min_gap")).isCloseTo((18.49 - 19.99) / 19.99, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(x.get("market.competitor_median_gap")).isEqualTo(0.0);
      assertThat(x.get("market.inventory_cover_days")).isEqualTo(10.0);
      assertThat(x.get("market.dow_cos")).isEqualTo(Math.cos(2 * Math.PI / 7)); // 2026-11-24 is a Tuesday
    }
  }

  @Test
  void referenceGap_isALogGap_soAListPriceRescalingOnlyShiftsIt() {
    // A product's list price stated two ways (19.99, or 25% above): the reference gap moves by -ln(1.25), which a
    // product indicator absorbs, and the candidate-price hinges at the reference, which read it, do not move at all.
    Customer c = Fixtures.customer("c", 10, 2, 3, 30, 0.2);
    PricingRequest a = Fixtures.request(c, Fixtures.product("oj", "19.99", "11.40"));
    PricingRequest b = Fixtures.request(c, Fixtures.product("oj", "24.99", "11.40"));
    a = new PricingRequest(a.customer(), a.product(), a.market().withReferencePrice(new BigDecimal("18.99")));
    b = new PricingRequest(b.customer(), b.product(), b.market().withReferencePrice(new BigDecimal("18.99")));
    try (PricingEngine engine = engine()) {
      double ga = engine.features(a).get("market.reference_log_gap");
      double gb = engine.features(b).get("market.reference_log_gap");
      assertThat(ga).isCloseTo(Math.log(18.99 / 19.99), org.assertj.core.data.Offset.offset(1e-12));
      assertThat(gb - ga).isCloseTo(-Math.log(24.99 / 19.99), org.assertj.core.data.Offset.offset(1e-12));
      for (double p : new double[] {15.0, 18.49, 18.99, 21.5}) {
        double lossA = dev.pricing.core.demand.CandidatePriceFeatures.referenceLoss().value(p, new double[] {19.99, ga}, 0);
        double lossB = dev.pricing.core.demand.CandidatePriceFeatures.referenceLoss().value(p, new double[] {24.99, gb}, 0);
        double gainA = dev.pricing.core.demand.CandidatePriceFeatures.referenceGain().value(p, new double[] {19.99, ga}, 0);
        double gainB = dev.pricing.core.demand.CandidatePriceFeatures.referenceGain().value(p, new double[] {24.99, gb}, 0);
        assertThat(lossA).isCloseTo(Math.max(0, Math.log(p / 18.99)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(gainA).isCloseTo(Math.max(0, Math.log(18.99 / p)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(lossB).isCloseTo(lossA, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(gainB).isCloseTo(gainA, org.assertj.core.data.Offset.offset(1e-12));
      }
    }
  }
}
