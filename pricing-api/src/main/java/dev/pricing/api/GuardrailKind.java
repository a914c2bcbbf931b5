package dev.pricing.api;

/** The kinds of guardrail, as reported in {@link PriceDecision#bindingGuardrail()}. Immutable and thread-safe (an enum). */
public enum GuardrailKind {
  /** An absolute minimum price. */
  FLOOR("floor"),
  /** An absolute maximum price. */
  CEILING("ceiling"),
  /** Cost plus a minimum margin on the price. */
  MINIMUM_MARGIN("minimum_margin"),
  /** A maximum relative change from the reference price. */
  MAX_CHANGE("max_change"),
  /** A band around the competitors' price. */
  COMPETITOR_BAND("competitor_band"),
  /** A minimum advertised price agreed with the manufacturer. */
  MINIMUM_ADVERTISED_PRICE("map"),
  /**
   * The personalisation cap: personalised prices stay within a configured spread around the non-personal
   * baseline (see {@link PricingEngine.Builder#personalisationCap(double)}).
   */
  PERSONALISATION_CAP("personalisation_cap");

  private final String id;

  GuardrailKind(String id) {
    this.id = id;
  }

  /**
   * Returns the stable external id, for logs and reason codes.
   *
   * @return the id, for example {@code "floor"}
   */
  public String id() {
    return id;
  }
}
