package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.PricingEngine;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.GlmOptions;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.ValidationSplit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Uniform mode prices for the customers who arrive (the engine's population reservoir), measured against the
 * best uniform price per product in hindsight, on the default market and on the hard market. The engine
 * without the reservoir ({@code populationSample(0)}) prices for the neutral customer: the before figure.
 */
class PopulationPriceTest {

  private static PolicyComparison compare(MarketSimulator sim, List<SimulatedRequest> rs,
      List<FeatureExtractor> extractors, DemandModel model) {
    try (PricingEngine population = builder(sim, extractors, model).uniformPricing(true).build();
        PricingEngine neutral = builder(sim, extractors, model).uniformPricing(true).populationSample(0).build()) {
      PolicyComparison c = PolicyComparison.compare(sim, rs, List.of(Policies.listPrice(), sim.bestUniform(rs),
          Policies.engine("uniform, neutral customer", neutral),
          Policies.engine("uniform, population", population)));
      System.out.println(c.toMarkdown());
      return c;
    }
  }

  private static PricingEngine.Builder builder(MarketSimulator sim, List<FeatureExtractor> extractors,
      DemandModel model) {
    PricingEngine.Builder b = PricingEngine.builder().extractors(extractors).demandModel(model)
        .ladder(sim.ladder()).paymentFeeRate(sim.feeRate());
    sim.guardrails().forEach(b::guardrail);
    return b;
  }

  private static void assertWithinHalfPointOfBestUniform(PolicyComparison c) {
    double best = c.result("best uniform").shareOfOracleProfit();
    double population = c.result("uniform, population").shareOfOracleProfit();
    double neutral = c.result("uniform, neutral customer").shareOfOracleProfit();
    System.out.printf("best uniform %.4f, population %.4f, neutral customer %.4f%n", best, population, neutral);
    assertThat(population).isGreaterThanOrEqualTo(best - 0.005);
    assertThat(population).isGreaterThan(neutral);
  }

  @Test
  void defaultMarket_trueModel_uniformModeWithinHalfAPointOfTheBestUniformPrice() {
    MarketSimulator sim = MarketSimulator.defaultMarket(2026);
    PolicyComparison c = compare(sim, sim.requests(3000, 11), FeatureExtractors.standard(), sim.trueDemandModel());
    assertWithinHalfPointOfBestUniform(c);
  }

  @Test
  void hardMarket_trainedGlm_uniformModeWithinHalfAPointOfTheBestUniformPrice() {
    MarketSimulator sim = MarketSimulator.hardMarket(2026);
    List<OfferRecord> log = new ArrayList<>();
    for (SimulatedOffer o : sim.logOffers(sim.requests(60_000, 2027), sim.randomisedPolicy(0.75, 1.25), 2028)) {
      log.add(new OfferRecord(o.request(), BigDecimal.valueOf(o.price()).setScale(2, RoundingMode.HALF_UP),
          OptionalDouble.of(o.propensity()), o.units()));
    }
    List<String> categories = sim.catalogue().stream().map(Product::category).distinct().sorted().toList();
    List<FeatureExtractor> extractors = List.of(FeatureExtractors.behaviour(),
        FeatureExtractors.product(categories, List.of()), FeatureExtractors.market());
    DemandModel glm = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM).extractors(extractors)
        .glm(GlmOptions.DEFAULTS.withSlopeInputs(List.of("behaviour.discount_response", "behaviour.carts_log1p",
            "behaviour.cart_rate", "behaviour.monetary_log1p", "behaviour.clicks_log1p")))
        .split(ValidationSplit.latestFraction(0.2)).seed(2026).version("hard-glm").build().train(log).model();
    PolicyComparison c = compare(sim, sim.requests(3000, 2029), extractors, glm);
    assertWithinHalfPointOfBestUniform(c);
  }
}
