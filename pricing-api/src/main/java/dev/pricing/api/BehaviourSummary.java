package dev.pricing.api;

/**
 * A customer's behaviour, summarised over a window the caller chooses (for example the last 90 days).
 *
 * <p>Counts are non-negative; {@code daysSinceLastPurchase} is non-negative and may be
 * {@link Double#POSITIVE_INFINITY} for a customer who never bought; {@code discountResponseRate} is the
 * share of past discounted offers the customer took, in [0, 1], or {@code NaN} when unknown
 * ({@link #empty()} uses NaN; extractors map unknown to a neutral value); {@code monetaryValue} is at most
 * 10^11.
 *
 * <p>The counts are not required to be consistent with each other: purchases, carts or clicks above views
 * are accepted, because they come from different sources (a store purchase or a re-order has no page
 * view) and the built-in features use them only as bounded log counts and ratios over {@code views + 1}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param views product page views in the window
 * @param clicks clicks on offers or recommendations in the window
 * @param carts add-to-cart events in the window
 * @param purchases purchases in the window (the frequency of RFM)
 * @param daysSinceLastPurchase days since the last purchase (the recency of RFM)
 * @param monetaryValue total spend in the window, in the product's currency (the monetary value of RFM)
 * @param discountResponseRate share of discounted offers taken, in [0, 1], or NaN when unknown
 */
public record BehaviourSummary(
    int views,
    int clicks,
    int carts,
    int purchases,
    double daysSinceLastPurchase,
    double monetaryValue,
    double discountResponseRate) {

  private static final BehaviourSummary EMPTY =
      new BehaviourSummary(0, 0, 0, 0, Double.POSITIVE_INFINITY, 0, Double.NaN);

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException naming the field and value if a count is negative, a value is NaN where
   *     not allowed, the spend exceeds 10^11, or the response rate lies outside [0, 1]
   */
  public BehaviourSummary {
    Checks.nonNegative(views, "behaviour.views");
    Checks.nonNegative(clicks, "behaviour.clicks");
    Checks.nonNegative(carts, "behaviour.carts");
    Checks.nonNegative(purchases, "behaviour.purchases");
    if (Double.isNaN(daysSinceLastPurchase) || daysSinceLastPurchase < 0) {
      throw new IllegalArgumentException("behaviour.daysSinceLastPurchase must be non-negative (or +Infinity"
          + " for never), found " + daysSinceLastPurchase);
    }
    Checks.nonNegative(monetaryValue, "behaviour.monetaryValue");
    if (monetaryValue > Checks.MAX_AMOUNT_DOUBLE) {
      throw new IllegalArgumentException("behaviour.monetaryValue must be at most 1e11, found " + monetaryValue);
    }
    if (!Double.isNaN(discountResponseRate)) {
      Checks.fraction(discountResponseRate, "behaviour.discountResponseRate");
    }
  }

  /** Returns the summary of a customer with no recorded behaviour. */
  public static BehaviourSummary empty() {
    return EMPTY;
  }
}
