/**
 * The pricing engine: built-in feature extractors, the optimiser, guardrails, demand models (parametric and
^ * trained with Tribuo), market trend features and exploration (online learning). Provides {@link dev.pricing.api.spi.EngineProvider} to
 * {@link dev.pricing.api.PricingEngine#builder()}.
 */
module dev.pricing.core {
  requires transitive dev.pricing.api;
  requires commons.math3;
  requires HdrHistogram;
  requires java.logging;
  requires com.google.protobuf;
  requires org.tribuo.core;
  requires org.tribuo.math;
  requires org.tribuo.common.sgd;
  requires org.tribuo.common.tree;
  requires org.tribuo.classification.core;
  requires org.tribuo.classification.sgd;
  requires org.tribuo.classification.dtree;
  requires org.tribuo.regression.core;
  requires org.tribuo.regression.sgd;

  exports dev.pricing.core;
  exports dev.pricing.core.demand;
  exports dev.pricing.core.explore;
  exports dev.pricing.core.trend;
  exports dev.pricing.core.log;
  exports dev.pricing.core.privacy;
  exports dev.pricing.core.promo;
  exports dev.pricing.core.bundle;
  exports dev.pricing.core.markdown;
  exports dev.pricing.core.bundle.internal to dev.pricing.eval;
  exports dev.pricing.core.internal to dev.pricing.eval; // BuilderOptions: one builder convention
  exports dev.pricing.core.budget;

  provides dev.pricing.api.spi.EngineProvider with dev.pricing.core.CoreEngineProvider;
}
