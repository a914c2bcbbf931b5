package dev.pricing.spark;

import dev.pricing.api.PricingEngine;
import dev.pricing.api.spi.DemandModel;
import java.io.Serializable;

/**
 * Builds a pricing engine around a demand model on an executor: extractors, guardrails, ladder and objective
 * exactly as the checkout configures them. Batch pricing calls it once per partition with the model loaded
 * from the broadcast artifact, and closes the engine when the partition is done.
 *
 * <p>Implementations must be serialisable (a lambda cast to this interface is) and may be called from
 * several executor threads at once; each call returns a new engine.
 */
@FunctionalInterface
public interface EngineFactory extends Serializable {
  /**
   * Builds the engine.
   *
   * @param model the demand model to price with
   * @return a new engine, closed by the caller
   */
  PricingEngine create(DemandModel model);
}
