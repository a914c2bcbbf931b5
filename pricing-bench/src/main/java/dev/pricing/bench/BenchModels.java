package dev.pricing.bench;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.GbdtOptions;
import dev.pricing.core.demand.GlmOptions;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.TrainedDemandModel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * Demand models trained with the library's own training code (Tribuo) on offers logged from the benchmark's
 * known demand curve, so the engine, the naive Tribuo path and the scorer benchmarks all use one model.
 */
public final class BenchModels {
  private BenchModels() {}

  /**
   * Trains a model of the given kind on 20,000 logged offers with random prices.
   *
   * @param kind "logistic" (SGD), "cart", "glm" (the converged logistic GLM with {@code discount_response} as
   *     slope input), "gbdt" (monotone boosted trees, 300 rounds of depth 6, from that GLM's margins) or
   *     "gbdt-default" (the same with the trainer's default trees: up to 300 rounds of depth 4, early stopping)
   * @return the trained model
   */
  public static TrainedDemandModel train(String kind) {
    DemandAlgorithm algorithm = switch (kind) {
      case "logistic" -> DemandAlgorithm.LOGISTIC_SGD;
      case "cart" -> DemandAlgorithm.CART_TREE;
      case "glm" -> DemandAlgorithm.LOGISTIC_GLM;
      case "gbdt", "gbdt-default" -> DemandAlgorithm.GBDT_CONVERSION;
      default -> throw new IllegalArgumentException("model must be logistic, cart, glm, gbdt or gbdt-default, found "
          + kind);
    };
    PricingRequest[] requests = BenchData.requests(99, 4096);
    FeatureSchema schema = BenchData.schema();
    DemandModel.Scorer truth = BenchData.logisticModel(7).bind(schema);
    Random r = new Random(17);
    List<OfferRecord> log = new ArrayList<>();
    double[] p = new double[1];
    double[] d = new double[1];
    try (PricingEngine features = BenchData.engine(BenchData.logisticModel(7))) {
      for (int i = 0; i < 20_000; i++) {
        PricingRequest req = requests[r.nextInt(requests.length)];
        double list = req.product().listPrice().doubleValue();
        BigDecimal price = BigDecimal.valueOf(Math.round(list * (0.7 + 0.6 * r.nextDouble()) * 100), 2);
        p[0] = price.doubleValue();
        truth.score(features.features(req).toArray(), p, 1, d);
        log.add(new OfferRecord(req, price, OptionalDouble.empty(), r.nextDouble() < d[0] ? 1 : 0));
      }
    }
    DemandModelTrainer.Builder b = DemandModelTrainer.builder(algorithm).extractors(BenchData.extractors())
        .version("bench-" + kind).seed(3);
    GlmOptions glm = GlmOptions.DEFAULTS.withSlopeInputs(List.of("behaviour.discount_response"));
    if (algorithm.isGlm()) {
      b.glm(glm);
    } else if (algorithm.isGbdt()) {
      // "gbdt": early stopping off, so that the ensemble has its 300 trees of depth 6
      b.gbdt(kind.equals("gbdt") ? GbdtOptions.DEFAULTS.withTrees(300, 6).withEarlyStoppingRounds(0).withBase(glm)
          : GbdtOptions.DEFAULTS.withBase(glm));
    } else {
      b.priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("behaviour.discount_response")));
    }
    return b.build().train(log).model();
  }

  /**
   * Returns the 48 candidate prices the naive path and the scorer benchmarks use for a list price: .99
   * prices from 0.7x to 1.3x list.
   *
   * @param list the list price
   * @return the candidates
   */
  public static double[] candidates(double list) {
    double[] out = new double[BenchData.CANDIDATES];
    for (int k = 0; k < out.length; k++) {
      out[k] = Math.floor(list * (0.7 + 0.6 * k / (out.length - 1))) + 0.99;
    }
    return out;
  }
}
