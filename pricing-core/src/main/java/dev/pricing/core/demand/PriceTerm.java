package dev.pricing.core.demand;

/**
 * How the candidate price enters a demand model, relative to the product's list price {@code L}: the model
 * sees {@code T(p)}, an increasing function of the price {@code p}. The ratio {@code p / L} is floored at
 * {@link PriceFeatures#MIN_PRICE_RATIO} so that a zero price stays finite.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum PriceTerm {
  /** {@code T(p) = p / L}: the default for conversion models (logit linear in the relative price). */
  RELATIVE("relative"),
  /** {@code T(p) = ln(p / L)}: the default for units models (log-log, coefficient = price elasticity). */
  LOG_RELATIVE("log_relative");

  private final String id;

  PriceTerm(String id) {
    this.id = id;
  }

  /**
   * Returns the stable external id, used in derived feature names and artifacts.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Evaluates the term.
   *
   * @param price the candidate price
   * @param listPrice the list price, positive
   * @return {@code T(price)}
   */
  public double apply(double price, double listPrice) {
    double ratio = Math.max(price / listPrice, PriceFeatures.MIN_PRICE_RATIO);
    return this == RELATIVE ? ratio : Math.log(ratio);
  }

  /**
   * Returns the term with this id.
   *
   * @param id the id
   * @return the term
   * @throws IllegalArgumentException if no term has that id
   */
  public static PriceTerm ofId(String id) {
    for (PriceTerm t : values()) {
      if (t.id.equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown price term '" + id + "'");
  }
}
