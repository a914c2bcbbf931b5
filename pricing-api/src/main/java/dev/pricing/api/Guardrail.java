package dev.pricing.api;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;

/**
 * A rule every price must satisfy. Each guardrail bounds the price to an interval; the engine intersects
 * the intervals of the engine's default guardrails and the product's own, and only ever returns a price on
 * the price ladder inside that intersection. When the intersection is empty (the rules contradict each
 * other for one request) the engine returns the reference price with
 * {@link ReasonCode#INFEASIBLE_GUARDRAILS} instead of throwing.
 *
 * <p>All guardrails are immutable, thread-safe value types, validated when created.
 *
 * <p>Absolute money guardrails ({@link Floor}, {@link Ceiling}, {@link MinimumAdvertisedPrice}) may name
 * their currency ({@code Guardrail.floor("USD", "8.50")}). One that names none is in the product's currency
 * and may only be added to a {@link Product}; {@link PricingEngine.Builder#guardrail(Guardrail)} refuses it,
 * because an engine prices products in several currencies. A product refuses a guardrail in another
 * currency; an engine-level guardrail in another currency than the product's makes that request invalid
 * ({@link ReasonCode#INVALID_REQUEST}).
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
   * Returns a floor in the product's currency, for {@link Product.Builder#guardrail(Guardrail)}.
   *
   * @param price the lowest allowed price, for example {@code "4.99"}
   * @return the guardrail
   * @throws IllegalArgumentException naming the value if the price is not a positive decimal of at most
   *     10^11
   */
  static Guardrail floor(String price) {
    return new Floor(Optional.empty(), Checks.decimal(price, "floor"));
  }

  /**
   * Returns a floor in a currency, usable on an engine and on products in that currency.
   *
   * @param currencyCode the ISO 4217 code, for example {@code "USD"}
   * @param price the lowest allowed price, for example {@code "4.99"}
   * @return the guardrail
   * @throws IllegalArgumentException naming the value if the currency is unknown or the price is not a
   *     positive decimal in its minor unit
   */
  static Guardrail floor(String currencyCode, String price) {
    return new Floor(Optional.of(Checks.currency(currencyCode, "floor.currency")), Checks.decimal(price, "floor"));
  }

  /**
   * Returns a ceiling in the product's currency, for {@link Product.Builder#guardrail(Guardrail)}.
   *
   * @param price the highest allowed price
   * @return the guardrail
   * @throws IllegalArgumentException naming the value if the price is not a positive decimal of at most
   *     10^11
   */
  static Guardrail ceiling(String price) {
    return new Ceiling(Optional.empty(), Checks.decimal(price, "ceiling"));
  }

  /**
   * Returns a ceiling in a currency, usable on an engine and on products in that currency.
   *
   * @param currencyCode the ISO 4217 code
   * @param price the highest allowed price
   * @return the guardrail
   * @throws IllegalArgumentException naming the value if the currency is unknown or the price is not a
   *     positive decimal in its minor unit
   */
  static Guardrail ceiling(String currencyCode, String price) {
    return new Ceiling(Optional.of(Checks.currency(currencyCode, "ceiling.currency")),
        Checks.decimal(price, "ceiling"));
  }

  /**
   * Returns a minimum margin on the price: {@code (p - cost - fee * p) / p >= fraction}.
   *
   * <p>Without any margin guardrail the engine never prices below cost (it applies margin 0). A negative
   * fraction is the one way to allow it: {@code minimumMargin(-0.25)} allows a loss of up to 25% of the
   * price (a loss leader).
   *
   * @param fraction the margin, in [-1, 1)
   * @return the guardrail
   * @throws IllegalArgumentException if the fraction is outside [-1, 1)
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
   * Returns a MAP (minimum advertised price) in the product's currency, for
   * {@link Product.Builder#guardrail(Guardrail)}.
   *
   * @param price the minimum advertised price
   * @return the guardrail
   * @throws IllegalArgumentException naming the value if the price is not a positive decimal of at most
   *     10^11
   */
  static Guardrail minimumAdvertisedPrice(String price) {
    return new MinimumAdvertisedPrice(Optional.empty(), Checks.decimal(price, "minimumAdvertisedPrice"));
  }

  /**
   * Returns a MAP (minimum advertised price) in a currency.
   *
   * @param currencyCode the ISO 4217 code
   * @param price the minimum advertised price
   * @return the guardrail
   * @throws IllegalArgumentException naming the value if the currency is unknown or the price is not a
   *     positive decimal in its minor unit
   */
  static Guardrail minimumAdvertisedPrice(String currencyCode, String price) {
    return new MinimumAdvertisedPrice(Optional.of(Checks.currency(currencyCode, "minimumAdvertisedPrice.currency")),
        Checks.decimal(price, "minimumAdvertisedPrice"));
  }

  /**
   * Returns the currency an absolute money guardrail names, or empty (in the product's currency; also for
   * every relative guardrail).
   *
   * @param g the guardrail
   * @return its currency, if any
   */
  static Optional<Currency> currencyOf(Guardrail g) {
    if (g instanceof Floor f) {
      return f.currency();
    } else if (g instanceof Ceiling c) {
      return c.currency();
    } else if (g instanceof MinimumAdvertisedPrice m) {
      return m.currency();
    }
    return Optional.empty();
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
   * @param currency the currency of {@code price}, or empty for the product's currency
   * @param price the floor, positive, at most 10^11, in the currency's minor unit
   */
  record Floor(Optional<Currency> currency, BigDecimal price) implements Guardrail {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the value if the price is not positive, exceeds 10^11 or is
     *     finer than the named currency's minor unit, or the currency has no minor unit
     */
    public Floor {
      Checks.notNull(currency, "floor.currency");
      currency.ifPresent(c -> Checks.currency(c, "floor.currency"));
      Checks.positiveMoney(price, "floor");
      if (currency.isPresent()) {
        Checks.price(price, currency.get(), "floor");
      }
    }

    /**
     * A floor in the product's currency.
     *
     * @param price the floor
     */
    public Floor(BigDecimal price) {
      this(Optional.empty(), price);
    }

    @Override
    public GuardrailKind kind() {
      return GuardrailKind.FLOOR;
    }

    @Override
    public String toString() {
      return "floor(" + currency.map(c -> c.getCurrencyCode() + " ").orElse("") + price.toPlainString() + ")";
    }
  }


  /**
   * An absolute maximum price.
   *
   * @param currency the currency of {@code price}, or empty for the product's currency
   * @param price the ceiling, positive, at most 10^11, in the currency's minor unit
   */
  record Ceiling(Optional<Currency> currency, BigDecimal price) implements Guardrail {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the value if the price is not positive, exceeds 10^11 or is
     *     finer than the named currency's minor unit, or the currency has no minor unit
     */
    public Ceiling {
      Checks.notNull(currency, "ceiling.currency");
      currency.ifPresent(c -> Checks.currency(c, "ceiling.currency"));
      Checks.positiveMoney(price, "ceiling");
      if (currency.isPresent()) {
        Checks.price(price, currency.get(), "ceiling");
      }
    }

    /**
     * A ceiling in the product's currency.
     *
     * @param price the ceiling
     */
    public Ceiling(BigDecimal price) {
      this(Optional.empty(), price);
    }

    @Override
    public GuardrailKind kind() {
      return GuardrailKind.CEILING;
    }

    @Override
    public String toString() {
      return "ceiling(" + currency.map(c -> c.getCurrencyCode() + " ").orElse("") + price.toPlainString() + ")";
    }
  }


  /**
   * Cost plus a minimum margin: the price must leave at least {@code fraction} of itself after the unit
   * cost and the engine's payment fee.
   *
   * @param fraction the margin, in [-1, 1); negative allows prices below cost
   */
  record MinimumMargin(double fraction) implements Guardrail {
    /** @throws IllegalArgumentException if the fraction is outside [-1, 1) */
    public MinimumMargin {
      Checks.finite(fraction, "minimumMargin.fraction");
      if (fraction < -1 || fraction >= 1) {
        throw new IllegalArgumentException("minimumMargin.fraction must be in [-1, 1), found " + fraction);
      }
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
   * @param currency the currency of {@code price}, or empty for the product's currency
   * @param price the MAP, positive, at most 10^11, in the currency's minor unit
   */
  record MinimumAdvertisedPrice(Optional<Currency> currency, BigDecimal price) implements Guardrail {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the value if the price is not positive, exceeds 10^11 or is
     *     finer than the named currency's minor unit, or the currency has no minor unit
     */
    public MinimumAdvertisedPrice {
      Checks.notNull(currency, "minimumAdvertisedPrice.currency");
      currency.ifPresent(c -> Checks.currency(c, "minimumAdvertisedPrice.currency"));
      Checks.positiveMoney(price, "minimumAdvertisedPrice");
      if (currency.isPresent()) {
        Checks.price(price, currency.get(), "minimumAdvertisedPrice");
      }
    }

    /**
     * A MAP in the product's currency.
     *
     * @param price the MAP
     */
    public MinimumAdvertisedPrice(BigDecimal price) {
      this(Optional.empty(), price);
    }

    @Override
    public GuardrailKind kind() {
      return GuardrailKind.MINIMUM_ADVERTISED_PRICE;
    }

    @Override
    public String toString() {
      return "minimumAdvertisedPrice(" + currency.map(c -> c.getCurrencyCode() + " ").orElse("") + price.toPlainString() + ")";
    }
  }

}
