package dev.pricing.eval;

import dev.pricing.api.PricingRequest;

/**
 * A pricing policy under evaluation: for each request, the distribution of prices it offers.
 *
 * <p>Implementations must be deterministic functions of the request (randomised policies express their
 * randomness in the returned distribution, so that propensities are known). Whether an implementation is
 * thread-safe is up to it; the ones in {@link Policies} and {@link MarketSimulator} are.
 */
public interface PricingPolicy {

  /** @return a short, human-readable name (used in tables and reports) */
  String name();

  /**
   * Returns the distribution of prices this policy offers for a request.
   *
   * @param request the request
   * @return the distribution, never null
   */
  PriceDistribution distribution(PricingRequest request);
}
