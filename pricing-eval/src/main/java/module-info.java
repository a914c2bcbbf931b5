/**
 * Offline evaluation of pricing policies, kept out of the checkout's class path: market simulators whose true
 * demand is known, policy comparison against the oracle, A/B tests, off-policy evaluation, and the promotion,
 * bundle and exploration-regret experiments.
 */
module dev.pricing.eval {
  requires transitive dev.pricing.core;
  requires commons.math3;

  exports dev.pricing.eval;
}
