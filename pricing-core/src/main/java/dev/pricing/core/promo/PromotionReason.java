package dev.pricing.core.promo;

/**
 * Why a promotion decision, or one candidate in it, came out as it did. Immutable and thread-safe (an enum).
 */
public enum PromotionReason {
  /** The chosen offer maximises incremental profit (less the threshold times cost, when one is set). */
  MAX_INCREMENTAL_PROFIT,
  /** No promotion applies to this product at this time: the decision is "no promotion". */
  NO_APPLICABLE_PROMOTION,
  /** Every applicable offer loses money against no promotion (the discount mostly goes to people who would buy anyway). */
  NO_PROFITABLE_PROMOTION,
  /** The offer's incremental profit per unit of cost is below the optimiser's threshold. */
  BELOW_PROFIT_PER_COST_THRESHOLD,
  /** The budget's spend limit has no room left for the offer's expected cost. */
  BUDGET_EXHAUSTED,
  /** The budget's cap on discounted customers is reached. */
  CUSTOMER_CAP_REACHED,
  /**
   * The customer has had the most promotions per window that the budget allows
   * ({@link PromotionBudget#withMaxCouponsPerCustomer}), or its previous one is still being confirmed with the
   * fleet's store.
   */
  CUSTOMER_LIMIT_REACHED,
  /** The promoted price would break a guardrail (floor, minimum margin, MAP, max change, competitor band). */
  GUARDRAIL_VIOLATION,
  /** The stacking rules do not allow these promotions to combine. */
  STACKING_NOT_ALLOWED,
  /** The discount is larger than the price. */
  DISCOUNT_EXCEEDS_PRICE,
  /** The demand model or the promotion response returned something that is not a probability. */
  MODEL_OUTPUT_INVALID,
  /** Chosen by the offline budget allocator. */
  ALLOCATED
}
