package dev.pricing.eval;

import dev.pricing.api.PricingRequest;

/**
 * The ground truth of a simulated market: the true probability that the customer of a request buys at each
 * of a few prices. The request carries everything the truth may depend on that the engine can also see
 * (behaviour, product, market, the reference price); a truth may also depend on traits of the simulator's
 * own customers that the engine sees only partly. Implementations are immutable and thread-safe.
 */
interface TrueDemand {

  /**
   * Writes the true purchase probability at {@code prices[0..n)} into {@code out[0..n)}; each in [0, 1] and
   * non-increasing in price.
   *
   * @param request the request as the policy saw it (with its reference price)
   * @param prices the prices, finite and non-negative
   * @param n how many
   * @param out the probabilities
   * @throws IllegalArgumentException if the request is not one this market can answer
   */
  void probabilities(PricingRequest request, double[] prices, int n, double[] out);

  /**
   * Writes the purchase probability given only what the request shows: the true probability averaged over
   * whatever the truth depends on that the request does not show, given what it does. By default (a truth
   * that is a function of the request) the true probability itself.
   *
   * @param request the request as the policy saw it
   * @param prices the prices
   * @param n how many
   * @param out the probabilities
   */
  default void observableProbabilities(PricingRequest request, double[] prices, int n, double[] out) {
    probabilities(request, prices, n, out);
  }

  /**
   * Returns whether the prices a policy shows change later requests: if so, the simulator tracks the last
   * price shown per (customer, product) and puts it into that pair's later requests as
   * {@link dev.pricing.api.Market#referencePrice()}.
   *
   * @return true for a market with memory
   */
  boolean sequential();
}
