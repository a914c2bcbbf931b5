package dev.pricing.api;

import java.math.BigDecimal;

/**
 * A rule every price must satisfy. Each guardrail bounds the price to an interval; the engine intersects
 * the intervals of the engine's default guardrails and the product's own, and only ever returns a price on
 * the price ladder inside that intersection. When the intersection is empty (the rules contradict each
 * other for one request) the engine returns the reference price with
 * {@link ReasonCode#INFEASIBLE_GUARDRAILS} instead of throwing.
 *
 * <p>All guardrails are immutable, thread-safe value types, validated when created.
 *
 * <table>
 *   <caption>Guardrails and the interval they allow</caption>
 *   <tr><th>guardrail</th><th>allows</th></tr>
 *   <tr><td>{@link Floor}</td><td>p &ge; floor</td></tr>
 *   <tr><td>{@link Ceiling}</td><td>p &le; ceiling</td></tr>
 *   <tr><td>{@link MinimumMargin}</td><td>(p &minus; cost &minus; fee&middot;p) / p &ge; m</td></tr>
 *   <tr><td>{@link MaxChange}</td><td>|p &minus; reference| &le; f &middot; reference</td></tr>
 *   <tr><td>{@link CompetitorBand}</td><td>minRatio &middot; c &le; p &le; maxRatio &middot; c, c the competitors'
 *       minimum or median; no constraint when there is no competitor price</td></tr>
 *   <tr><td>{@link MinimumAdvertisedPrice}</td><td>p &ge; MAP</td></tr>
 * </table>
 */
public sealed interface Guardrail {

  /**
   * Returns what kind of guardrail this is.
   *
   * @return the kind
   */
  GuardrailKind kind();

  /**
   * Returns a floor.
   *
   * @param price the lowest allowed price, for example {@code "4.99"}
   * @return the guardrail
   * @throws IllegalArgumentException if the price is negative or not a number
   */
  static Guardrail floor(String price) {
    return new Floor(new BigDecimal(Checks.notNull(price, "floor")));
  }

  /**
   * Returns a ceiling.
   *
   * @param price the highest allowed price
   * @return the guardrail
   * @throws IllegalArgumentException if the price is negative or not a number
   */
  static Guardrail ceiling(String price) {
    return new Ceiling(new BigDecimal(Checks.notNull(price, "ceiling")));
  }

  /**
   * Returns a minimum margin on the price: {@code (p - cost - fee * p) / p >= fraction}.
   *
   * @param fraction the margin, in [0, 1)
   * @return the guardrail
   * @throws IllegalArgumentException if the fraction is outside [0, 1)
   */
  static Guardrail minimumMargin(double fraction) {
    return new MinimumMargin(fraction);
  }

  /**
   * Returns a maximum change from the reference price: {@code |p - ref| <= fraction * ref}.
   *
   * @param fraction the largest relative change, in [0, 1]
   * @return the guardrail
   * @throws IllegalArgumentException if the fraction is outside [0, 1]
   */
  static Guardrail maxChange(double fraction) {
    return new MaxChange(fraction);
  }

  /**
   * Returns a MAP (minimum advertised price).
   *
   * @param price the minimum advertised price
   * @return the guardrail
   */
  static Guardrail minimumAdvertisedPrice(String price) {
    return new MinimumAdvertisedPrice(new BigDecimal(Checks.notNull(price, "minimumAdvertisedPrice")));
  }

  /**
   * Returns a rule never to price above the cheapest competitor.
   *
   * @return the guardrail
   */
  static Guardrail matchCompetitors() {
    return new CompetitorBand(CompetitorReference.MIN, 0, 1);
  }

  /**
   * Returns a rule to price at least {@code fraction} below the cheapest competitor.
   *
   * @param fraction how much cheaper, in [0, 1)
   * @return the guardrail
   * @throws IllegalArgumentException if the fraction is outside [0, 1)
   */
  static Guardrail beatCompetitors(double fraction) {
    Checks.fractionBelowOne(fraction, "beatCompetitors.fraction");
    return new CompetitorBand(CompetitorReference.MIN, 0, 1 - fraction);
  }

  /**
   * Returns a rule to stay within a band around the competitors' median price.
   *
   * @param below how far below the median the price may go, in [0, 1]
   * @param above how far above the median the price may go, non-negative
   * @return the guardrail
   * @throws IllegalArgumentException if a fraction is out of range
   */
  static Guardrail withinCompetitorBand(double below, double above) {
    Checks.fraction(below, "withinCompetitorBand.below");
    Checks.nonNegative(above, "withinCompetitorBand.above");
    return new CompetitorBand(CompetitorReference.MEDIAN, 1 - below, 1 + above);
  }

  /** Which competitor statistic a {@link CompetitorBand} is measured against. */
  enum CompetitorReference {
    /** The cheapest competitor. */
    MIN,
    /** The median competitor price. */
    MEDIAN
  }

  /**
   * An absolute minimum price.
   *
   * @param price the floor, non-negative, in the product currency's minor unit
   */
  record Floor(BigDecimal price) implements Guardrail {
    /** @throws IllegalArgumentException if the price is negative */
    public Floor {
      Checks.money(price, "floor");
    }

    @Override
    public GuardrailKind kind() {
      return GuardrailKind.FLOOR;
    }
  }

  /**
   * An absolute maximum price.
   *
   * @param price the ceiling, non-negative, in the product currency's minor unit
   */
  record Ceiling(BigDecimal price) implements Guardrail {
    /** @throws IllegalArgumentException if the price is negative */
    public Ceiling {
      Checks.money(price, "ceiling");
    }

    @Override
    public GuardrailKind kind() {
      return GuardrailKind.CEILING;
    }
  }

  /**
   * Cost plus a minimum margin: the price must leave at least {@code fraction} of itself after the unit
   * cost and the engine's payment fee.
   *
   * @param fraction the margin, in [0, 1)
   */
  record MinimumMargin(double fraction) implements Guardrail {
    /** @throws IllegalArgumentException if the fraction is outside [0, 1) */
    public MinimumMargin {
      Checks.fractionBelowOne(fraction, "minimumMargin.fraction");
    }

    @Override
    public GuardrailKind kind() {
      return GuardrailKind.MINIMUM_MARGIN;
    }
  }

  /**
   * A maximum relative change from the request's reference price.
   *
   * @param fraction the largest relative change, in [0, 1]
   */
  record MaxChange(double fraction) implements Guardrail {
    /** @throws IllegalArgumentException if the fraction is outside [0, 1] */
    public MaxChange {
      Checks.fraction(fraction, "maxChange.fraction");
    }

    @Override
    public GuardrailKind kind() {
      return GuardrailKind.MAX_CHANGE;
    }
  }

  /**
   * A band around the competitors' price {@code c}: {@code minRatio * c <= p <= maxRatio * c}. Requests
   * without competitor prices are not constrained by it (and say so with
   * {@link ReasonCode#NO_COMPETITOR_DATA}).
   *
   * @param reference which competitor statistic is {@code c}
   * @param minRatio the lowest allowed {@code p / c}, non-negative
   * @param maxRatio the highest allowed {@code p / c}, at least {@code minRatio}
   */
  record CompetitorBand(CompetitorReference reference, double minRatio, double maxRatio) implements Guardrail {
    /** @throws IllegalArgumentException if the ratios are negative or out of order */
    public CompetitorBand {
      Checks.notNull(reference, "competitorBand.reference");
      Checks.nonNegative(minRatio, "competitorBand.minRatio");
      Checks.nonNegative(maxRatio, "competitorBand.maxRatio");
      if (maxRatio < minRatio) {
        throw new IllegalArgumentException("competitorBand.maxRatio " + maxRatio
            + " must not be below competitorBand.minRatio " + minRatio);
      }
    }

    @Override
    public GuardrailKind kind() {
      return GuardrailKind.COMPETITOR_BAND;
    }
  }

  /**
   * A minimum advertised price (MAP) agreed with the manufacturer.
   *
   * @param price the MAP, non-negative, in the product currency's minor unit
   */
  record MinimumAdvertisedPrice(BigDecimal price) implements Guardrail {
    /** @throws IllegalArgumentException if the price is negative */
    public MinimumAdvertisedPrice {
      Checks.money(price, "minimumAdvertisedPrice");
    }

    @Override
    public GuardrailKind kind() {
      return GuardrailKind.MINIMUM_ADVERTISED_PRICE;
    }
  }
}
