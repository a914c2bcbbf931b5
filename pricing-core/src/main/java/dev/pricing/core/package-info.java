/**
 * The pricing engine of pricing-core: the built-in {@link dev.pricing.core.FeatureExtractors}, the
 * parametric {@link dev.pricing.core.LogisticDemandModel}, and the {@link dev.pricing.core.CoreEngineProvider}
 * that {@link dev.pricing.api.PricingEngine#builder()} finds through {@link java.util.ServiceLoader}.
 *
 * <p>The engine itself is package-private: users hold it as a {@link dev.pricing.api.PricingEngine}.
 */
package dev.pricing.core;
