package dev.pricing.core.promo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The promotion chosen for one customer and product: the offer (possibly "no promotion"), the effective price
 * as an exact decimal in the currency's minor unit, the expected conversion with and without it, the
 * incremental profit it is expected to add over no promotion, the expected cost of the discount, and the
 * reasons, most important first. {@link #candidates()} lists every offer considered, rejected ones included.
 *
 * <p>Immutable and thread-safe.
 *
 * @param productId the product
 * @param customerId the customer
 * @param chosen the chosen offer ({@link OfferTerms#isNone()} for no promotion)
 * @param effectivePrice the price the customer pays
 * @param conversionWith P(buy | chosen offer)
 * @param conversionWithout P(buy | no promotion)
 * @param incrementalProfit expected profit of the offer minus that of no promotion (0 for no promotion)
 * @param expectedCost expected cost of the discount given (0 for no promotion)
 * @param reasons why, most important first
 * @param candidates every offer considered
 * @param modelVersion the demand model's version
 */
public record PromotionDecision(String productId, String customerId, OfferTerms chosen, BigDecimal effectivePrice,
    double conversionWith, double conversionWithout, double incrementalProfit, double expectedCost,
    List<PromotionReason> reasons, List<CandidateEvaluation> candidates, String modelVersion) {

  /** Validates and copies the components. */
  public PromotionDecision {
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(chosen, "chosen");
    Objects.requireNonNull(effectivePrice, "effectivePrice");
    reasons = List.copyOf(reasons);
    candidates = List.copyOf(candidates);
    Objects.requireNonNull(modelVersion, "modelVersion");
  }

  /** @return whether a promotion was chosen */
  public boolean promoted() {
    return !chosen.isNone();
  }

  /** @return the chosen promotions' ids joined with '+', or "none" */
  public String label() {
    return chosen.label();
  }

  /**
   * Returns the evaluation of the offer with this label.
   *
   * @param label for example {@code "pct10+ship"} or {@code "none"}
   * @return the evaluation
   * @throws IllegalArgumentException if no candidate has that label
   */
  public CandidateEvaluation candidate(String label) {
    for (CandidateEvaluation c : candidates) {
      if (c.terms().label().equals(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no candidate labelled '" + label + "' in decision for product " + productId);
  }
}
