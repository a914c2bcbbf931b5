package dev.pricing.core.markdown;

import java.util.List;

/**
 * The exact expected outcome of following a plan's decisions to the season's end, under the demand it was
 * planned with ({@link MarkdownPlan#outcome()}) or another ({@link MarkdownPlanner#evaluate}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param expectedProfit expected profit of sales after cost and fees, plus the salvage value of what is left
 * @param expectedRevenue expected revenue of sales
 * @param expectedUnitsSold expected units sold
 * @param expectedLeftover expected units left at the season's end
 * @param expectedSalvageValue expected salvage value of the leftover
 * @param sellThrough expected units sold over the starting stock (0 when there was none)
 * @param periods one entry per remaining period
 */
public record PlanOutcome(double expectedProfit, double expectedRevenue, double expectedUnitsSold,
    double expectedLeftover, double expectedSalvageValue, double sellThrough, List<Period> periods) {

  /** Copies the periods. */
  public PlanOutcome {
    periods = List.copyOf(periods);
  }

  /**
   * One period's expectations. Immutable and thread-safe.
   *
   * @param period the period, counted from the season's start
   * @param expectedStartStock expected stock at the period's start
   * @param inStockProbability probability that some stock is left at the period's start
   * @param expectedUnits expected units sold in the period
   * @param expectedProfit expected profit of the period's sales
   * @param expectedPrice expected lead price in the period, given stock is left (NaN when surely sold out)
   */
  public record Period(int period, double expectedStartStock, double inStockProbability, double expectedUnits,
      double expectedProfit, double expectedPrice) {}
}
