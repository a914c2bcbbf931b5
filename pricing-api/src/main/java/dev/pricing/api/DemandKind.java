package dev.pricing.api;

/** What a demand model's score means. Immutable and thread-safe (an enum). */
public enum DemandKind {
  /** The probability that the customer buys one unit at the offered price, in [0, 1]. */
  CONVERSION_PROBABILITY("conversion"),
  /** The expected number of units sold at the offered price, non-negative. */
  EXPECTED_UNITS("units");

  private final String id;

  DemandKind(String id) {
    this.id = id;
  }

  /**
   * Returns the stable external id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }
}
