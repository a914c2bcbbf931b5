package dev.pricing.core.budget;

import java.util.List;
import java.util.Objects;

/**
 * What the store answers to {@link BudgetStore#addToCounters}: the counters' totals after the additions, in the
 * order of the keys sent, and the limit of the budget they belong to. Immutable and thread-safe.
 *
 * @param known false when the store has no such budget (never defined, or lost by the store): nothing was
 *     recorded, {@code limit} is 0 and {@code totals} is empty
 * @param limit the budget's limit (for a per-customer cap: the most coupons one customer may have in a window)
 * @param totals each key's counter after the addition, in the order of the keys sent
 */
public record CounterTotals(boolean known, long limit, List<Long> totals) {
  /** The answer for a budget the store does not know. */
  public static final CounterTotals UNKNOWN = new CounterTotals(false, 0, List.of());

  /**
   * Copies the totals.
   *
   * @param known whether the budget exists
   * @param limit its limit
   * @param totals the totals
   */
  public CounterTotals {
    totals = List.copyOf(Objects.requireNonNull(totals, "totals"));
  }
}
