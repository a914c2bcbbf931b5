package dev.pricing.core.promo;

import java.util.List;
import java.util.Objects;

/**
 * One offer the optimiser considered for a request, with its expectations and, when it was rejected, why.
 *
 * <p>Immutable and thread-safe.
 *
 * @param terms the offer
 * @param conversion P(buy | offer); NaN when the offer was rejected before scoring
 * @param incrementalProfit {@code conversion * margin(offer) - P(buy | none) * margin(none)}; NaN when not scored
 * @param expectedCost {@code conversion * (price discount + benefit cost)}: the expected cost of the discount
 * @param eligible whether the offer passed every rule (guardrails, stacking, model output)
 * @param reasons why it was rejected (empty when eligible)
 * @param detail a human-readable explanation of a rejection (for example the guardrail and its bound), or ""
 */
public record CandidateEvaluation(OfferTerms terms, double conversion, double incrementalProfit,
    double expectedCost, boolean eligible, List<PromotionReason> reasons, String detail) {

  /** Validates and copies the components. */
  public CandidateEvaluation {
    Objects.requireNonNull(terms, "terms");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * Returns the Lagrangian score {@code incrementalProfit - lambda * expectedCost}.
   *
   * @param lambda the price of a unit of budget
   * @return the score (negative infinity when not eligible)
   */
  public double score(double lambda) {
    return eligible ? incrementalProfit - lambda * expectedCost : Double.NEGATIVE_INFINITY;
  }
}
