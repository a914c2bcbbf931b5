/**
 * Policy evaluation: a market simulator with known ground truth, policy comparison against an oracle,
 * A/B test analysis (hashed assignment, Welch and bootstrap intervals, sample sizes) and off-policy
 * evaluation (IPS, self-normalised IPS, doubly robust) from logged propensities.
 *
 * <p>Everything here is deterministic given its seeds.
 */
package dev.pricing.eval;
