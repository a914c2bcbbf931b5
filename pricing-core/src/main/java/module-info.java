/**
 * The pricing engine: built-in feature extractors, the optimiser, guardrails and demand models.
 * Provides {@link dev.pricing.api.spi.EngineProvider} to {@link dev.pricing.api.PricingEngine#builder()}.
 */
module dev.pricing.core {
  requires transitive dev.pricing.api;
  requires commons.math3;

  exports dev.pricing.core;
  exports dev.pricing.core.eval;

  provides dev.pricing.api.spi.EngineProvider with dev.pricing.core.CoreEngineProvider;
}
