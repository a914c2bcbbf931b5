package dev.pricing.core.markdown;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Where a season stands when a period is priced: the period, the stock on hand, the lead product's current
 * price, the changes made so far and the periods since the last one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param period the period being priced, counted from the season's start
 * @param stock the stock on hand, non-negative
 * @param price the lead product's current price
 * @param changesUsed the price changes made so far this season, non-negative
 * @param periodsSinceLastChange periods since the last change, {@link Integer#MAX_VALUE} for none
 */
public record PlanState(int period, int stock, BigDecimal price, int changesUsed, int periodsSinceLastChange) {

  /** Validates. */
  public PlanState {
    if (period < 0) {
      throw new IllegalArgumentException("period must be non-negative, found " + period);
    }
    if (stock < 0) {
      throw new IllegalArgumentException("stock must be non-negative, found " + stock);
    }
    Objects.requireNonNull(price, "price");
    if (changesUsed < 0) {
      throw new IllegalArgumentException("changesUsed must be non-negative, found " + changesUsed);
    }
    if (periodsSinceLastChange < 0) {
      throw new IllegalArgumentException("periodsSinceLastChange must be non-negative, found " + periodsSinceLastChange);
    }
  }

  /**
   * Returns the state of the next period after pricing this one at {@code newPrice} and selling
   * {@code unitsSold}.
   *
   * @param newPrice the lead price set in this period
   * @param unitsSold units sold in this period, at most the stock
   * @return the next state
   * @throws IllegalArgumentException if more units were sold than were in stock
   */
  public PlanState next(BigDecimal newPrice, int unitsSold) {
    if (unitsSold < 0 || unitsSold > stock) {
      throw new IllegalArgumentException("unitsSold must be in [0, " + stock + "], found " + unitsSold);
    }
    boolean changed = newPrice.compareTo(price) != 0;
    int since = changed ? 1 : (periodsSinceLastChange == Integer.MAX_VALUE ? Integer.MAX_VALUE : periodsSinceLastChange + 1);
    return new PlanState(period + 1, stock - unitsSold, newPrice, changesUsed + (changed ? 1 : 0), since);
  }
}
