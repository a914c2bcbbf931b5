package dev.pricing.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The market around a request: competitor prices, inventory, time, channel, and the reference price
 * (the price the customer would see today, against which maximum-change guardrails are measured).
 *
 * <p>Money (competitor prices and the reference price) is in {@link #currency()}, which
 * {@link PricingRequest} requires to be the product's currency. Competitor prices always carry their currency:
 * a market with competitor prices and no currency is refused ({@link #withCompetitorPrices(String, List)} and
 * the canonical constructor name it). A market without competitor prices may leave the currency empty
 * ({@link #of(int, Instant)}, the deprecated six-argument constructor): its reference price is then in the
 * product's currency. When no reference price is given,
 * the product's list price is the reference. {@code dailySalesRate} (units per day) turns inventory into
 * days of cover; zero means unknown.
 *
 * <p>Every price is positive and at most 10^11; there are at most 64 competitor prices (the competitor
 * statistics are computed per request). The inventory is at most {@link Integer#MAX_VALUE} and the daily
 * sales rate finite.
 *
 * <p>Immutable and thread-safe.
 *
 * @param competitorPrices current competitor prices for the same product, possibly empty
 * @param inventoryUnits units on hand, non-negative
 * @param dailySalesRate expected units sold per day at the current price, non-negative, 0 when unknown
 * @param time the time of the request
 * @param channel the sales channel
 * @param referencePrice the current (shelf) price, if different from the list price
 * @param currency the currency of the competitor and reference prices; empty (for the product's) only when
 *     there are no competitor prices
 */
public record Market(
    List<BigDecimal> competitorPrices,
    int inventoryUnits,
    double dailySalesRate,
    Instant time,
    Channel channel,
    Optional<BigDecimal> referencePrice,
    Optional<Currency> currency) {

  /**
   * Validates and copies every component.
   *
   * @throws NullPointerException if a component or an element is null
   * @throws IllegalArgumentException naming the field and value if a value is invalid
   */
  public Market {
    competitorPrices = Checks.list(competitorPrices, Checks.MAX_COMPETITOR_PRICES, "market.competitorPrices");
    Checks.notNull(currency, "market.currency");
    currency.ifPresent(c -> Checks.currency(c, "market.currency"));
    if (currency.isEmpty() && !competitorPrices.isEmpty()) {
      throw new IllegalArgumentException("market.currency must be given with competitor prices, found none for "
          + competitorPrices.size() + " competitor price(s) " + competitorPrices
          + " (use withCompetitorPrices(currencyCode, prices) or the constructor with a currency)");
    }
    for (int i = 0; i < competitorPrices.size(); i++) {
      String field = "market.competitorPrices[" + i + "]";
      Checks.positiveMoney(competitorPrices.get(i), field);
      if (currency.isPresent()) {
        Checks.price(competitorPrices.get(i), currency.get(), field);
      }
    }
    Checks.nonNegative(inventoryUnits, "market.inventoryUnits");
    Checks.nonNegative(dailySalesRate, "market.dailySalesRate");
    Checks.notNull(time, "market.time");
    Checks.notNull(channel, "market.channel");
    Checks.notNull(referencePrice, "market.referencePrice");
    referencePrice.ifPresent(p -> Checks.positiveMoney(p, "market.referencePrice"));
  }

  /**
   * A market whose money is in the product's currency, without a stated currency.
   *
   * @param competitorPrices current competitor prices: must be empty, since competitor prices carry a currency
   * @param inventoryUnits units on hand
   * @param dailySalesRate expected units sold per day, 0 when unknown
   * @param time the time of the request
   * @param channel the sales channel
   * @param referencePrice the current (shelf) price, if different from the list price
   * @throws IllegalArgumentException naming the field and value if a value is invalid, or if there are
   *     competitor prices (they need a currency)
   * @deprecated competitor prices carry a currency: use the canonical constructor with
   *     {@code Optional.of(currency)}, or {@link #of(int, Instant)} then {@link #withCompetitorPrices(String, List)},
   *     {@link #withReferencePrice}, {@link #withDailySalesRate} and {@link #withChannel}
   */
  @Deprecated(since = "0.1.0")
  public Market(List<BigDecimal> competitorPrices, int inventoryUnits, double dailySalesRate, Instant time,
      Channel channel, Optional<BigDecimal> referencePrice) {
    this(competitorPrices, inventoryUnits, dailySalesRate, time, channel, referencePrice, Optional.empty());
  }

  /**
   * Returns a market with no competitor data, unknown sales rate and the list price as reference.
   *
   * @param inventoryUnits units on hand
   * @param time the time of the request
   * @return the market
   */
  public static Market of(int inventoryUnits, Instant time) {
    return new Market(List.of(), inventoryUnits, 0, time, Channel.WEB, Optional.empty(), Optional.empty());
  }

  /**
   * Returns a copy with the given competitor prices, in a currency; the market's money is then in that
   * currency.
   *
   * @param currencyCode the ISO 4217 code of the prices, for example {@code "USD"}
   * @param prices competitor prices, at most 64, each positive and in the currency's minor unit
   * @return the new market
   * @throws IllegalArgumentException naming the value if the currency is unknown, differs from the
   *     currency this market already has, or a price is invalid
   */
  public Market withCompetitorPrices(String currencyCode, List<BigDecimal> prices) {
    Currency c = Checks.currency(currencyCode, "market.currency");
    if (currency.isPresent() && !currency.get().equals(c)) {
      throw new IllegalArgumentException("market.currency is " + currency.get().getCurrencyCode()
          + "; competitor prices in " + currencyCode + " do not match");
    }
    return new Market(prices, inventoryUnits, dailySalesRate, time, channel, referencePrice, Optional.of(c));
  }

  /**
   * Returns a copy with the given daily sales rate.
   *
   * @param unitsPerDay expected units per day
   * @return the new market
   */
  public Market withDailySalesRate(double unitsPerDay) {
    return new Market(competitorPrices, inventoryUnits, unitsPerDay, time, channel, referencePrice, currency);
  }

  /**
   * Returns a copy with the given reference (current shelf) price.
   *
   * @param price the reference price, positive, in this market's currency
   * @return the new market
   * @throws NullPointerException naming the field if the price is null
   * @throws IllegalArgumentException naming the value if the price is not positive or above 10^11
   */
  public Market withReferencePrice(BigDecimal price) {
    Checks.notNull(price, "market.referencePrice");
    return new Market(competitorPrices, inventoryUnits, dailySalesRate, time, channel, Optional.of(price),
        currency);
  }

  /**
   * Returns a copy with the given channel.
   *
   * @param channel the channel
   * @return the new market
   */
  public Market withChannel(Channel channel) {
    return new Market(competitorPrices, inventoryUnits, dailySalesRate, time, channel, referencePrice, currency);
  }
}
