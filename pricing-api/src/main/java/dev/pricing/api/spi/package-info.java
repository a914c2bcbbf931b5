/**
 * The service-provider interface: what backends and extensions implement.
 *
 * <p>{@link dev.pricing.api.spi.FeatureExtractor} turns requests into features,
 * {@link dev.pricing.api.spi.DemandModel} scores candidate prices, {@link dev.pricing.api.spi.DecisionListener}
 * observes decisions, and {@link dev.pricing.api.spi.EngineProvider} builds engines (pricing-core provides
 * one through {@link java.util.ServiceLoader}).
 */
package dev.pricing.api.spi;
