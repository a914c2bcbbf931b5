package dev.pricing.api.spi;

import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingRequest;

/**
 * Receives every decision an engine makes, on the pricing thread, after the decision is complete (for
 * logging, metrics, shadow comparisons).
 *
 * <p>Implementations must be thread-safe and fast, and must not block. An exception thrown by a listener
 * is caught and counted by the engine; it never fails or changes the decision.
 */
@FunctionalInterface
public interface DecisionListener {

  /**
   * Called with one decision.
   *
   * @param request the request that was priced
   * @param decision the decision returned
   */
  void onDecision(PricingRequest request, PriceDecision decision);

  /**
   * Called with an outcome passed to {@link dev.pricing.api.PricingEngine#record}, on the caller's thread
   * (default: ignored). Exceptions are caught and counted like those of {@link #onDecision}.
   *
   * @param outcome the outcome
   */
  default void onOutcome(Outcome outcome) {}
}
