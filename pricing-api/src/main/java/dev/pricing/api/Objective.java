package dev.pricing.api;

/**
 * What the engine maximises over the candidate prices, per offer:
 * {@code profitWeight * (p - cost - fee * p) * demand + (1 - profitWeight) * p * demand}.
 *
 * <p>{@link #profit()} is weight 1, {@link #revenue()} weight 0, {@link #blend(double)} anything between.
 * Immutable and thread-safe.
 *
 * @param profitWeight the weight of profit against revenue, in [0, 1]
 */
public record Objective(double profitWeight) {

  /** @throws IllegalArgumentException if the weight is outside [0, 1] */
  public Objective {
    Checks.fraction(profitWeight, "objective.profitWeight");
  }

  /**
   * Returns the profit objective {@code (p - cost - fee * p) * demand}.
   *
   * @return the objective
   */
  public static Objective profit() {
    return new Objective(1);
  }

  /**
   * Returns the revenue objective {@code p * demand}.
   *
   * @return the objective
   */
  public static Objective revenue() {
    return new Objective(0);
  }

  /**
   * Returns a blend of profit and revenue.
   *
   * @param profitWeight the weight of profit, in [0, 1]
   * @return the objective
   * @throws IllegalArgumentException if the weight is outside [0, 1]
   */
  public static Objective blend(double profitWeight) {
    return new Objective(profitWeight);
  }

  /**
   * Returns the objective's value for one candidate.
   *
   * @param price the candidate price
   * @param unitCost the unit cost
   * @param feeRate the payment fee as a fraction of the price
   * @param demand the expected units at that price
   * @return the value
   */
  public double value(double price, double unitCost, double feeRate, double demand) {
    double profit = (price - unitCost - feeRate * price) * demand;
    return profitWeight * profit + (1 - profitWeight) * price * demand;
  }
}
