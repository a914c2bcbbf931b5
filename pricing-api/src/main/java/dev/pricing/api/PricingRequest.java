package dev.pricing.api;

/**
 * One request for a price: who is buying, what, and in which market.
 *
 * <p>Immutable and thread-safe; validated when built, so the engine does not validate it again. Beyond
 * what each part checks, a request requires the market's money to be in the product's currency (when the
 * market names one), the competitor and reference prices to be expressible in its minor unit, and the
 * reference price to lie between 1/100 and 10 times the list price (a reference price outside that range
 * is taken for a data error: the engine's search range and maximum-change guardrails are measured from
 * it).
 *
 * @param customer the customer
 * @param product the product
 * @param market the market
 */
public record PricingRequest(Customer customer, Product product, Market market) {

  /**
   * Validates every component.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException naming the field and value if the market's currency differs from the
   *     product's, or a price in it is invalid for the product
   */
  public PricingRequest {
    Checks.notNull(customer, "customer");
    Checks.notNull(product, "product");
    Checks.notNull(market, "market");
    java.util.Currency currency = product.currency();
    if (market.currency().isPresent() && !market.currency().get().equals(currency)) {
      throw new IllegalArgumentException("market.currency " + market.currency().get().getCurrencyCode()
          + " does not match product.currency " + currency.getCurrencyCode() + " (product " + product.id() + ")");
    }
    for (int i = 0; i < market.competitorPrices().size(); i++) {
      Checks.priceAt(market.competitorPrices().get(i), currency, "market.competitorPrices", i);
    }
    if (market.referencePrice().isPresent()) {
      java.math.BigDecimal ref = market.referencePrice().get();
      Checks.price(ref, currency, "market.referencePrice");
      java.math.BigDecimal list = product.listPrice();
      if (ref.compareTo(list.multiply(java.math.BigDecimal.valueOf(Checks.MAX_REFERENCE_TO_LIST))) > 0
          || ref.multiply(java.math.BigDecimal.valueOf(Checks.MAX_LIST_TO_REFERENCE)).compareTo(list) < 0) {
        throw new IllegalArgumentException("market.referencePrice " + ref.toPlainString() + " must lie between 1/"
            + Checks.MAX_LIST_TO_REFERENCE + " and " + Checks.MAX_REFERENCE_TO_LIST + " times product.listPrice "
            + list.toPlainString() + " (product " + product.id() + ")");
      }
    }
  }

  /**
   * Returns a request.
   *
   * @param customer the customer
   * @param product the product
   * @param market the market
   * @return the request
   */
  public static PricingRequest of(Customer customer, Product product, Market market) {
    return new PricingRequest(customer, product, market);
  }

  /**
   * Returns the reference price: the market's reference price if given, else the list price.
   *
   * @return the reference price
   */
  public java.math.BigDecimal referencePrice() {
    return market.referencePrice().orElse(product.listPrice());
  }
}
