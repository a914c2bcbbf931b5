package dev.pricing.api;

import java.time.Instant;

/**
 * What happened after a decision: how many units the customer bought at the decided price (0 or 1 for a
 * conversion), and when. Passed to {@link PricingEngine#record(Outcome)}, which feeds it to the engine's
 * explorer (online learning) and decision listeners (the decision log).
 *
 * <p>Immutable and thread-safe.
 *
 * @param decisionId the {@link PriceDecision#decisionId()} this outcome belongs to
 * @param units units bought at the decided price, finite and non-negative (0 = not bought)
 * @param time when the outcome was observed
 */
public record Outcome(long decisionId, double units, Instant time) {

  /**
   * Validates every component.
   *
   * @throws NullPointerException if the time is null
   * @throws IllegalArgumentException naming the value if the decision id is negative or the units are
   *     negative or not finite
   */
  public Outcome {
    if (decisionId < 0) {
      throw new IllegalArgumentException("decisionId must be non-negative, found " + decisionId);
    }
    Checks.nonNegative(units, "units");
    Checks.notNull(time, "time");
  }

  /**
   * Returns a conversion outcome.
   *
   * @param decisionId the decision
   * @param bought whether the customer bought
   * @param time when it was observed
   * @return the outcome, with 1 or 0 units
   */
  public static Outcome conversion(long decisionId, boolean bought, Instant time) {
    return new Outcome(decisionId, bought ? 1 : 0, time);
  }

  /**
   * Returns whether anything was bought.
   *
   * @return {@code units > 0}
   */
  public boolean bought() {
    return units > 0;
  }
}
