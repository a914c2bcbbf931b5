package dev.pricing.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The market around a request: competitor prices, inventory, time, channel, and the reference price
 * (the price the customer would see today, against which maximum-change guardrails are measured).
 *
 * <p>Money is in the product's currency. When no reference price is given, the product's list price is the
 * reference. {@code dailySalesRate} (units per day) turns inventory into days of cover; zero means unknown.
 *
 * <p>Immutable and thread-safe.
 *
 * @param competitorPrices current competitor prices for the same product, possibly empty
 * @param inventoryUnits units on hand, non-negative
 * @param dailySalesRate expected units sold per day at the current price, non-negative, 0 when unknown
 * @param time the time of the request
 * @param channel the sales channel
 * @param referencePrice the current (shelf) price, if different from the list price
 */
public record Market(
    List<BigDecimal> competitorPrices,
    int inventoryUnits,
    double dailySalesRate,
    Instant time,
    Channel channel,
    Optional<BigDecimal> referencePrice) {

  /**
   * Validates and copies every component.
   *
   * @throws NullPointerException if a component or an element is null
   * @throws IllegalArgumentException naming the field and value if a value is invalid
   */
  public Market {
    competitorPrices = Checks.list(competitorPrices, "market.competitorPrices");
    for (int i = 0; i < competitorPrices.size(); i++) {
      Checks.money(competitorPrices.get(i), "market.competitorPrices[" + i + "]");
    }
    Checks.nonNegative(inventoryUnits, "market.inventoryUnits");
    Checks.nonNegative(dailySalesRate, "market.dailySalesRate");
    Checks.notNull(time, "market.time");
    Checks.notNull(channel, "market.channel");
    Checks.notNull(referencePrice, "market.referencePrice");
    referencePrice.ifPresent(p -> Checks.money(p, "market.referencePrice"));
  }

  /**
   * Returns a market with no competitor data, unknown sales rate and the list price as reference.
   *
   * @param inventoryUnits units on hand
   * @param time the time of the request
   * @return the market
   */
  public static Market of(int inventoryUnits, Instant time) {
    return new Market(List.of(), inventoryUnits, 0, time, Channel.WEB, Optional.empty());
  }

  /**
   * Returns a copy with the given competitor prices.
   *
   * @param prices competitor prices
   * @return the new market
   */
  public Market withCompetitorPrices(List<BigDecimal> prices) {
    return new Market(prices, inventoryUnits, dailySalesRate, time, channel, referencePrice);
  }

  /**
   * Returns a copy with the given daily sales rate.
   *
   * @param unitsPerDay expected units per day
   * @return the new market
   */
  public Market withDailySalesRate(double unitsPerDay) {
    return new Market(competitorPrices, inventoryUnits, unitsPerDay, time, channel, referencePrice);
  }

  /**
   * Returns a copy with the given reference (current shelf) price.
   *
   * @param price the reference price
   * @return the new market
   */
  public Market withReferencePrice(BigDecimal price) {
    return new Market(competitorPrices, inventoryUnits, dailySalesRate, time, channel, Optional.of(price));
  }

  /**
   * Returns a copy with the given channel.
   *
   * @param channel the channel
   * @return the new market
   */
  public Market withChannel(Channel channel) {
    return new Market(competitorPrices, inventoryUnits, dailySalesRate, time, channel, referencePrice);
  }
}
