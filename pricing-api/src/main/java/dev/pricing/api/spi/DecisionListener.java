package dev.pricing.api.spi;

import dev.pricing.api.FeatureVector;
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
   * Returns whether this listener wants the feature vector each decision was made with (default false).
   * When any listener does, the engine copies the vector it computed (one allocation per decision) and
   * calls {@link #onDecision(PricingRequest, PriceDecision, FeatureVector)} instead of the two-argument
   * method. Asked once, when the engine is built.
   *
   * @return true to receive feature vectors
   */
  default boolean wantsFeatures() {
    return false;
  }

  /**
   * Called with one decision and the features it was computed from, when {@link #wantsFeatures()} is true
   * (default: calls {@link #onDecision(PricingRequest, PriceDecision)}). These are the values the model
   * saw on the pricing thread, so a log of them has no training/serving skew.
   *
   * @param request the request that was priced
   * @param decision the decision returned
   * @param features the feature vector over the engine's schema, or null when the decision is a fallback
   *     made before every feature was extracted
   */
  default void onDecision(PricingRequest request, PriceDecision decision, FeatureVector features) {
    onDecision(request, decision);
  }

  /**
   * Called with an outcome passed to {@link dev.pricing.api.PricingEngine#record}, on the caller's thread
   * (default: ignored). Exceptions are caught and counted like those of {@link #onDecision}.
   *
   * @param outcome the outcome
   */
  default void onOutcome(Outcome outcome) {}

  /**
   * Returns how many records this listener has dropped so far rather than block a pricing thread (default
   * 0). The engine sums it over its listeners in {@link dev.pricing.api.EngineHealth#listenerDrops()}.
   * Records left out on purpose (sampling) are not drops. Must be thread-safe and cheap.
   *
   * @return the number of dropped records
   */
  default long dropped() {
    return 0;
  }
}
