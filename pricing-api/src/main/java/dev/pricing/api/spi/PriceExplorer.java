package dev.pricing.api.spi;

import dev.pricing.api.Outcome;
import dev.pricing.api.PricingRequest;

/**
 * Chooses which candidate price to serve, trading the model's best guess against learning (for example
 * Thompson sampling or epsilon-greedy), and learns online from outcomes.
 *
 * <p>The engine calls {@link #choose} on the pricing thread after it has scored every candidate: the
 * candidates are the ladder prices inside every guardrail (and inside the personalisation cap), so any
 * choice respects the guardrails. The returned {@link Choice} carries the probability with which that
 * candidate was chosen; the engine reports it as {@link dev.pricing.api.PriceDecision#propensity()} for
 * off-policy evaluation. {@link dev.pricing.api.PricingEngine#record} forwards outcomes to {@link #record}.
 *
 * <p>Implementations must be thread-safe: {@code choose} and {@code record} are called concurrently, must
 * not block each other for long, and must never lose an update.
 *
 * @see dev.pricing.api.PricingEngine.Builder#explorer(PriceExplorer)
 */
public interface PriceExplorer {

  /**
   * Chooses one candidate.
   *
   * @param request the request being priced
   * @param decisionId the id the decision will carry (outcomes arrive with it)
   * @param candidates the scored candidates, valid only during this call
   * @return the chosen index in {@code [0, candidates.count())} and its propensity in (0, 1]
   */
  Choice choose(PricingRequest request, long decisionId, Candidates candidates);

  /**
   * Learns from an outcome of a decision this explorer chose.
   *
   * @param outcome the outcome
   * @throws IllegalArgumentException if the decision id is unknown to this explorer or its outcome was
   *     already recorded
   */
  void record(Outcome outcome);

  /**
   * The candidate prices of one decision, ascending, with the model's demand and objective value at each.
   * A read-only view of the engine's per-thread scratch: do not retain it.
   */
  interface Candidates {
    /**
     * Returns how many candidates there are (at least 1).
     *
     * @return the count
     */
    int count();

    /**
     * Returns a candidate price in the currency's minor units (cents), a stable key for a price cell.
     *
     * @param i the index
     * @return the price in minor units
     */
    long priceMinor(int i);

    /**
     * Returns a candidate price.
     *
     * @param i the index
     * @return the price
     */
    double price(int i);

    /**
     * Returns the model's demand at a candidate (conversion probability or expected units).
     *
     * @param i the index
     * @return the demand
     */
    double demand(int i);

    /**
     * Returns the objective value (for example expected profit) at a candidate under the model.
     *
     * @param i the index
     * @return the value
     */
    double value(int i);

    /**
     * Returns the index of the candidate the model alone would choose.
     *
     * @return the greedy index
     */
    int greedy();

    /**
     * Returns the product's unit cost, for explorers that compute their own objective.
     *
     * @return the cost
     */
    double unitCost();

    /**
     * Returns the schema of {@link #feature(int)}: the engine's schema.
     *
     * @return the schema
     * @throws UnsupportedOperationException if these candidates carry no feature vector (the default)
     */
    default dev.pricing.api.FeatureSchema featureSchema() {
      throw new UnsupportedOperationException("these candidates carry no feature vector");
    }

    /**
     * Returns one feature of the vector the engine's model scored for this decision. It is the engine's own
     * vector, so in uniform-price mode (or when a personal extractor is degraded) personal features hold
     * their neutral values: an explorer that reads features here cannot see what the engine did not use.
     *
     * @param index the feature's index in {@link #featureSchema()}
     * @return the value
     * @throws IndexOutOfBoundsException if the index is outside the schema
     * @throws UnsupportedOperationException if these candidates carry no feature vector (the default)
     */
    default double feature(int index) {
      throw new UnsupportedOperationException("these candidates carry no feature vector");
    }
  }

  /**
   * The explorer's choice.
   *
   * @param index the chosen candidate
   * @param propensity the probability this candidate had of being chosen, in (0, 1]
   */
  record Choice(int index, double propensity) {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the value if the index is negative or the propensity is
     *     outside (0, 1]
     */
    public Choice {
      if (index < 0) {
        throw new IllegalArgumentException("index must be non-negative, found " + index);
      }
      if (!(propensity > 0 && propensity <= 1)) {
        throw new IllegalArgumentException("propensity must be in (0, 1], found " + propensity);
      }
    }
  }
}
