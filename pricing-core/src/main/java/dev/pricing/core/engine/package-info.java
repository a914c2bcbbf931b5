/**
 * The engine as a pipeline of package-private stages over a per-request context (bounds, features under
 * circuit breakers, model guard, optimiser, baseline with its cache, exploration, explainer, assembly,
 * telemetry, listeners, ids). Not exported: reached through {@link dev.pricing.api.PricingEngine#builder()}.
 */
package dev.pricing.core.engine;
