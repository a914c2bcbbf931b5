package dev.pricing.api.spi;

import dev.pricing.api.PricingEngine;

/**
 * Creates engines from a validated configuration. Found with {@link java.util.ServiceLoader} by
 * {@link PricingEngine.Builder#build()}; the provider with the highest {@link #priority()} wins.
 *
 * <p>Implementations are thread-safe.
 */
public interface EngineProvider {

  /**
   * Returns this provider's rank; higher wins.
   *
   * @return the priority
   */
  int priority();

  /**
   * Creates an engine.
   *
   * @param config the configuration
   * @return the engine
   * @throws IllegalArgumentException if the configuration cannot be built (feature names collide, a
   *     denied feature is declared, the model needs a missing feature)
   */
  PricingEngine create(EngineConfig config);
}
