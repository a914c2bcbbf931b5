package dev.pricing.api;

/**
 * One request for a price: who is buying, what, and in which market.
 *
 * <p>Immutable and thread-safe; validated when built, so the engine does not validate it again.
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
   */
  public PricingRequest {
    Checks.notNull(customer, "customer");
    Checks.notNull(product, "product");
    Checks.notNull(market, "market");
    market.referencePrice().ifPresent(p -> Checks.price(p, product.currency(), "market.referencePrice"));
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
