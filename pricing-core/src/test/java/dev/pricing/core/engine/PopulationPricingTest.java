package dev.pricing.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.PriceExplorer;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.LogisticDemandModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The non-personal price is the price that maximises expected profit averaged over the customers who arrive,
 * checked against a brute force over the ladder with the model's own scorer; uniform mode and the personal
 * path's baseline share it.
 */
class PopulationPricingTest {
  private static final Product PRODUCT = Product.builder("oj", "USD").listPrice("19.99").unitCost("6.00")
      .category("juice").title("Orange juice").build();
  private static final Market MARKET = Market.of(100, Instant.parse("2026-11-24T10:00:00Z"))
      .withCompetitorPrices("USD", List.of(new BigDecimal("19.49"), new BigDecimal("21.00")));

  /** Deal-seekers respond strongly to price: their discount response steepens the price slope. */
  private static LogisticDemandModel model(String version, double beta) {
    return LogisticDemandModel.builder().version(version).intercept(3.0).priceCoefficient(beta)
        .weight("behaviour.carts_log1p", 0.4).weight("market.competitor_min_gap", 1.5)
        .priceInteraction("behaviour.discount_response", 3.0).build();
  }

  private static Customer dealSeeker(int i) {
    return new Customer("deal-" + i, new BehaviourSummary(40 + i % 7, 12, 3, 2, 5, 40, 0.9), List.of(), Map.of());
  }

  private static Customer loyal(int i) {
    return new Customer("loyal-" + i, new BehaviourSummary(10, 4, 2, 6 + i % 3, 2, 150, 0.05), List.of(), Map.of());
  }

  /** The arrivals: two deal-seekers for every loyal customer. */
  private static Customer arrival(int i) {
    return i % 3 == 2 ? loyal(i) : dealSeeker(i);
  }

  private static PricingEngine.Builder builder(DemandModel model) {
    return PricingEngine.builder().demandModel(model).guardrail(Guardrail.minimumMargin(0.05))
        .ladder(PriceLadder.NINETY_NINE);
  }

  /**
   * Brute force, independent of the engine's optimiser: every .99 ladder price in the engine's default search
   * range (0.5x to 2x the reference price) above the margin floor, scored for each customer with the model's
   * own scorer on the pipeline's vector, and the price of the highest average profit.
   */
  private static BigDecimal bruteForce(DemandModel model, List<Customer> population) {
    FeaturePipeline pipeline = FeaturePipeline.of(FeatureExtractors.standard());
    FeatureSchema schema = pipeline.schema();
    DemandModel.Scorer scorer = model.bind(schema);
    List<double[]> xs = new ArrayList<>();
    for (Customer c : population) {
      xs.add(pipeline.toArray(PricingRequest.of(c, PRODUCT, MARKET)));
    }
    double best = Double.NEGATIVE_INFINITY;
    long bestCents = -1;
    for (long cents = 999; cents <= 3999; cents += 100) {
      double p = cents / 100.0;
      if (p < 19.99 * 0.5 || p > 19.99 * 2 || p - 6.0 < 0.05 * p) {
        continue;
      }
      double profit = 0;
      double[] out = new double[1];
      for (double[] x : xs) {
        scorer.score(x, new double[] {p}, 1, out);
        profit += (p - 6.0) * out[0];
      }
      if (profit > best) {
        best = profit;
        bestCents = cents;
      }
    }
    return BigDecimal.valueOf(bestCents, 2);
  }

  private static List<Customer> arrivals(int n) {
    List<Customer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(arrival(i));
    }
    return out;
  }

  @Test
  void uniformMode_pricesForTheArrivals_notTheNeutralCustomer() {
    LogisticDemandModel m = model("m1", 4);
    try (PricingEngine uniform = builder(m).uniformPricing(true).build();
        PricingEngine neutral = builder(m).uniformPricing(true).populationSample(0).build()) {
      List<Customer> population = arrivals(EngineConfigDefaults.SAMPLE);
      for (Customer c : population) {
        uniform.price(PricingRequest.of(c, PRODUCT, MARKET));
      }
      BigDecimal expected = bruteForce(m, population);
      BigDecimal forNeutral = neutral.price(PricingRequest.of(dealSeeker(0), PRODUCT, MARKET)).price();
      assertThat(expected).as("the population's price differs from the neutral customer's")
          .isNotEqualByComparingTo(forNeutral);
      assertThat(bruteForce(m, List.of(Customer.anonymous()))).isEqualByComparingTo(forNeutral);
      // Every customer now gets the population's price, whoever they are.
      for (Customer c : List.of(dealSeeker(100), loyal(101), Customer.anonymous())) {
        PriceDecision d = uniform.price(PricingRequest.of(c, PRODUCT, MARKET));
        assertThat(d.price()).isEqualByComparingTo(expected);
        assertThat(d.baselinePrice()).isEqualByComparingTo(expected);
        assertThat(d.personalised()).isFalse();
      }
    }
  }

  @Test
  void personalBaseline_comesFromTheSamePopulationAsTheUniformPrice() {
    LogisticDemandModel m = model("m1", 4);
    try (PricingEngine uniform = builder(m).uniformPricing(true).build();
        PricingEngine personal = builder(m).personalisationCap(0.3).build()) {
      List<Customer> population = arrivals(EngineConfigDefaults.SAMPLE);
      for (Customer c : population) {
        uniform.price(PricingRequest.of(c, PRODUCT, MARKET));
        personal.price(PricingRequest.of(c, PRODUCT, MARKET));
      }
      BigDecimal expected = bruteForce(m, population);
      BigDecimal uniformPrice = uniform.price(PricingRequest.of(loyal(7), PRODUCT, MARKET)).price();
      PriceDecision deal = personal.price(PricingRequest.of(dealSeeker(200), PRODUCT, MARKET));
      PriceDecision loyalOne = personal.price(PricingRequest.of(loyal(201), PRODUCT, MARKET));
      assertThat(uniformPrice).isEqualByComparingTo(expected);
      assertThat(deal.baselinePrice()).isEqualByComparingTo(expected);
      assertThat(loyalOne.baselinePrice()).isEqualByComparingTo(expected);
      // Disclosure: personalised exactly when the price differs from that baseline.
      for (PriceDecision d : List.of(deal, loyalOne)) {
        assertThat(d.personalised()).isEqualTo(d.price().compareTo(d.baselinePrice()) != 0);
        // The cap of 30% spread is anchored on the population baseline: [b / sqrt(1.3), b * sqrt(1.3)].
        double b = d.baselinePrice().doubleValue();
        assertThat(d.price().doubleValue()).isBetween(b / Math.sqrt(1.3) - 1e-9, b * Math.sqrt(1.3) + 1e-9);
      }
      assertThat(deal.price()).isLessThan(loyalOne.price());
    }
  }

  @Test
  void modelSwap_recomputesThePopulationPrice() {
    try (PricingEngine uniform = builder(model("m1", 4)).uniformPricing(true).build()) {
      List<Customer> population = arrivals(EngineConfigDefaults.SAMPLE);
      for (Customer c : population) {
        uniform.price(PricingRequest.of(c, PRODUCT, MARKET));
      }
      BigDecimal before = uniform.price(PricingRequest.of(loyal(1), PRODUCT, MARKET)).price();
      LogisticDemandModel less = model("m2", 1.5);
      uniform.swapModel(less);
      BigDecimal after = uniform.price(PricingRequest.of(loyal(1), PRODUCT, MARKET)).price();
      assertThat(after).isEqualByComparingTo(bruteForce(less, population)).isNotEqualByComparingTo(before);
    }
  }

  @Test
  void uniformMode_explorerAndListenersSeeNoPersonalFeatures_whileThePopulationIsSampled() {
    List<double[]> seen = new CopyOnWriteArrayList<>();
    PriceExplorer spy = new PriceExplorer() {
      @Override
      public Choice choose(PricingRequest request, long decisionId, Candidates candidates) {
        assertThat(request.customer()).isEqualTo(Customer.anonymous());
        double[] x = new double[candidates.featureSchema().size()];
        for (int j = 0; j < x.length; j++) {
          x[j] = candidates.feature(j);
        }
        seen.add(x);
        return new Choice(candidates.greedy(), 1.0);
      }

      @Override
      public void record(dev.pricing.api.Outcome outcome) {}
    };
    LogisticDemandModel m = model("m1", 4);
    try (PricingEngine uniform = builder(m).uniformPricing(true).explorer(spy).build()) {
      FeaturePipeline pipeline = ((CoreEngine) uniform).pipeline();
      double[] asNeutral = new double[pipeline.size()];
      pipeline.extract(PricingRequest.of(dealSeeker(0), PRODUCT, MARKET), asNeutral, true);
      for (Customer c : arrivals(3 * EngineConfigDefaults.SAMPLE)) {
        uniform.price(PricingRequest.of(c, PRODUCT, MARKET));
      }
      assertThat(((CoreEngine) uniform).populationStats()[0]).as("samples recorded").isGreaterThan(0);
      assertThat(seen).hasSize(3 * EngineConfigDefaults.SAMPLE).allSatisfy(x -> assertThat(x).containsExactly(asNeutral));
    }
  }

  @Test
  void populationSample_outOfRange_refusedNamingIt() {
    assertThatThrownBy(() -> PricingEngine.builder().populationSample(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("populationSample must be in [0, 4096], found -1");
    assertThatThrownBy(() -> PricingEngine.builder().populationSample(4097))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("populationSample must be in [0, 4096], found 4097");
  }

  /** The builder's default sample size. */
  static final class EngineConfigDefaults {
    static final int SAMPLE = dev.pricing.api.spi.EngineConfig.DEFAULT_POPULATION_SAMPLE;
  }
}
