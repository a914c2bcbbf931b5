package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.PricingEngine;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.GlmOptions;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.TrainingResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trained models priced on fresh requests of the default market, against the oracle. */
class DemandModelQualityTest {
  static MarketSimulator sim;
  static List<SimulatedRequest> fresh;
  static Map<String, PolicyResult> results = new LinkedHashMap<>();
  static PolicyComparison table;

  @BeforeAll
  static void trainAndCompare() {
    sim = MarketSimulator.defaultMarket(7);
    List<SimulatedOffer> offers = sim.logOffers(sim.requests(20_000, 8), sim.randomisedPolicy(0.75, 1.25), 9);
    List<OfferRecord> log = new ArrayList<>();
    for (SimulatedOffer o : offers) {
      log.add(new OfferRecord(o.request(), BigDecimal.valueOf(o.price()).setScale(2, RoundingMode.HALF_UP),
          OptionalDouble.of(o.propensity()), o.units()));
    }
    fresh = sim.requests(3000, 10);
    TrainingResult sgd = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(FeatureExtractors.standard())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("behaviour.discount_response")))
        .version("sgd").build().train(log);
    TrainingResult glm = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM)
        .extractors(FeatureExtractors.standard())
        .glm(GlmOptions.DEFAULTS.withSlopeInputs(List.of("behaviour.discount_response")))
        .version("glm").build().train(log);
    TrainingResult gbdt = DemandModelTrainer.builder(DemandAlgorithm.GBDT_CONVERSION)
        .extractors(FeatureExtractors.standard()).version("gbdt").build().train(log);
    System.out.println(gbdt.diagnostics());
    System.out.println(glm.evaluation());
    System.out.println(glm.diagnostics());
    try (PricingEngine a = sim.engineBuilder().demandModel(sgd.model()).build();
        PricingEngine b = sim.engineBuilder().demandModel(glm.model()).build();
        PricingEngine c = sim.engineBuilder().demandModel(gbdt.model()).build()) {
      table = PolicyComparison.compare(sim, fresh, List.of(Policies.listPrice(), sim.bestUniform(fresh),
          Policies.engine("sgd", a), Policies.engine("glm", b), Policies.engine("gbdt", c)));
    }
    System.out.println(table.toMarkdown());
  }

  @Test
  void gbdt_reachesNinetySevenPercentOfTheOracle() {
    assertThat(table.result("gbdt").shareOfOracleProfit()).isGreaterThanOrEqualTo(0.97);
  }

  @Test
  void glm_reachesNinetyNinePercentOfTheOracle() {
    assertThat(table.result("glm").shareOfOracleProfit()).isGreaterThanOrEqualTo(0.99);
  }
}
