package dev.pricing.core;

import dev.pricing.api.PricingEngine;
import dev.pricing.api.spi.EngineConfig;
import dev.pricing.api.spi.EngineProvider;

/**
 * The {@link EngineProvider} of pricing-core, found by {@link PricingEngine#builder()} through
 * {@link java.util.ServiceLoader}. Users do not call it directly.
 *
 * <p>Thread-safe (stateless).
 */
public final class CoreEngineProvider implements EngineProvider {

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public CoreEngineProvider() {}

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public PricingEngine create(EngineConfig config) {
    return dev.pricing.core.engine.CoreEngine.create(config);
  }
}
