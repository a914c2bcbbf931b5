package dev.pricing.core.demand;

import dev.pricing.api.PricingRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One logged offer: the context the price was shown in, the price, how likely the pricing policy was to
 * show that price (if known), and what happened.
 *
 * <p>For a conversion log {@code units} is 0 (not bought) or 1 (bought); conversion trainers treat any
 * positive {@code units} as "bought". For a units log it is the number of units sold at that price (it may
 * be fractional, for example a daily average). The offer's time is the context's
 * {@link dev.pricing.api.Market#time() market time}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param context the request the price answered
 * @param offeredPrice the price shown, positive, in the product's currency
 * @param propensity the probability the logging policy had of showing this price, in (0, 1], if known
 * @param units the outcome: units bought (0 or 1 for a conversion log), finite and non-negative
 */
public record OfferRecord(PricingRequest context, BigDecimal offeredPrice, OptionalDouble propensity, double units) {

  /**
   * Validates every component.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException naming the field and value if the price is not positive, the
   *     propensity is outside (0, 1] or the units are negative or not finite
   */
  public OfferRecord {
    Objects.requireNonNull(context, "context must not be null");
    OfferChecks.check(offeredPrice, propensity, units);
  }

  /**
   * Returns a conversion offer with unknown propensity.
   *
   * @param context the request
   * @param offeredPrice the price shown
   * @param bought whether the customer bought
   * @return the record
   */
  public static OfferRecord conversion(PricingRequest context, BigDecimal offeredPrice, boolean bought) {
    return new OfferRecord(context, offeredPrice, OptionalDouble.empty(), bought ? 1 : 0);
  }

  /**
   * Returns whether the offer converted ({@code units > 0}).
   *
   * @return true if bought
   */
  public boolean bought() {
    return units > 0;
  }

  /**
   * Returns when the offer was made: the context's market time.
   *
   * @return the time
   */
  public Instant time() {
    return context.market().time();
  }
}
