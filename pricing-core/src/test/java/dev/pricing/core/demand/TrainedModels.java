package dev.pricing.core.demand;

import java.util.List;

/** Small models trained once per test JVM and shared by the scorer, artifact and property tests. */
final class TrainedModels {
  private TrainedModels() {}

  private static final class Holder {
    static final TrainedDemandModel LOGISTIC = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("customer.attr.regular")))
        .epochs(3)
        .version("logistic-fixture")
        .build()
        .train(SyntheticOffers.conversions(new SyntheticOffers.Conversion(3.0, 1.0, 4.0), 8_000, 21))
        .model();
    static final TrainedDemandModel TREE = DemandModelTrainer.builder(DemandAlgorithm.CART_TREE)
        .extractors(SyntheticOffers.extractors())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("customer.attr.regular")))
        .maxDepth(7)
        .minLeafWeight(20)
        .version("tree-fixture")
        .build()
        .train(SyntheticOffers.conversions(new SyntheticOffers.Conversion(3.0, 1.0, 4.0), 8_000, 22))
        .model();
    static final TrainedDemandModel UNITS = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_SGD)
        .extractors(SyntheticOffers.extractors())
        .priceFeatures(PriceFeatures.of(PriceTerm.LOG_RELATIVE).withInteractions(List.of("customer.attr.regular")))
        .epochs(3)
        .version("units-fixture")
        .build()
        .train(SyntheticOffers.units(new SyntheticOffers.Units(1.5, 0.4, 1.8, 0.3), 8_000, 23))
        .model();
    static final TrainedDemandModel GLM = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM)
        .extractors(SyntheticOffers.extractors())
        .glm(GlmOptions.DEFAULTS.withSlopeInputs(List.of("customer.attr.vip", "customer.views")))
        .version("glm-fixture")
        .build()
        .train(SyntheticOffers.conversions(new SyntheticOffers.Conversion(3.0, 1.0, 4.0), 8_000, 24))
        .model();
    static final TrainedDemandModel GLM_CEILING = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM)
        .extractors(SyntheticOffers.extractors())
        .glm(GlmOptions.DEFAULTS.withSlopeInputs(List.of("customer.attr.vip", "customer.views")).withCeiling(true))
        .version("glm-ceiling-fixture")
        .build()
        .train(SyntheticOffers.conversions(new SyntheticOffers.Conversion(3.0, 1.0, 4.0), 8_000, 28))
        .model();
    static final TrainedDemandModel GLM_UNITS = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM)
        .extractors(SyntheticOffers.extractors())
        .glm(GlmOptions.DEFAULTS.withSlopeInputs(List.of("customer.attr.regular", "customer.views")))
        .version("glm-units-fixture")
        .build()
        .train(SyntheticOffers.units(new SyntheticOffers.Units(1.5, 0.4, 1.8, 0.3), 8_000, 25))
        .model();
  }

  private static final class Trees {
    static final TrainedDemandModel GBDT = DemandModelTrainer.builder(DemandAlgorithm.GBDT_CONVERSION)
        .extractors(SyntheticOffers.extractors())
        .gbdt(GbdtOptions.DEFAULTS.withTrees(60, 4).withEta(0.2))
        .version("gbdt-fixture")
        .build()
        .train(SyntheticOffers.conversions(new SyntheticOffers.Conversion(3.0, 1.0, 4.0), 8_000, 26))
        .model();
    static final TrainedDemandModel GBDT_CEILING = DemandModelTrainer.builder(DemandAlgorithm.GBDT_CONVERSION)
        .extractors(SyntheticOffers.extractors())
        .gbdt(GbdtOptions.DEFAULTS.withTrees(60, 4).withEta(0.2).withBase(GlmOptions.DEFAULTS.withCeiling(true)))
        .version("gbdt-ceiling-fixture")
        .build()
        .train(SyntheticOffers.conversions(new SyntheticOffers.Conversion(3.0, 1.0, 4.0), 8_000, 29))
        .model();
    static final TrainedDemandModel GBDT_UNITS = DemandModelTrainer.builder(DemandAlgorithm.GBDT_UNITS)
        .extractors(SyntheticOffers.extractors())
        .gbdt(GbdtOptions.DEFAULTS.withTrees(60, 4).withEta(0.2))
        .version("gbdt-units-fixture")
        .build()
        .train(SyntheticOffers.units(new SyntheticOffers.Units(1.5, 0.4, 1.8, 0.3), 8_000, 27))
        .model();
  }

  static TrainedDemandModel gbdt() {
    return Trees.GBDT;
  }

  static TrainedDemandModel gbdtUnits() {
    return Trees.GBDT_UNITS;
  }

  static TrainedDemandModel glm() {
    return Holder.GLM;
  }

  static TrainedDemandModel glmCeiling() {
    return Holder.GLM_CEILING;
  }

  static TrainedDemandModel gbdtCeiling() {
    return Trees.GBDT_CEILING;
  }

  static TrainedDemandModel glmUnits() {
    return Holder.GLM_UNITS;
  }

  static TrainedDemandModel logistic() {
    return Holder.LOGISTIC;
  }

  static TrainedDemandModel tree() {
    return Holder.TREE;
  }

  static TrainedDemandModel units() {
    return Holder.UNITS;
  }

  static List<TrainedDemandModel> all() {
    return List.of(logistic(), tree(), units(), glm(), glmUnits(), gbdt(), gbdtUnits(), glmCeiling(), gbdtCeiling());
  }
}
