package dev.pricing.eval;

import dev.pricing.api.PricingRequest;
import java.util.Objects;

/**
 * What an A/B test randomises: customers (personalised pricing) or products (a merchant that must show one
 * price per product to everyone). Immutable and thread-safe.
 */
public enum RandomisationUnit {
  /** Each customer is assigned to one arm; all their requests follow it. */
  CUSTOMER,
  /** Each product is assigned to one arm; every customer sees the same price for it. */
  PRODUCT;

  /**
   * Returns the identifier of the unit a request belongs to.
   *
   * @param request the request
   * @return the customer id or the product id
   */
  public String unitId(PricingRequest request) {
    Objects.requireNonNull(request, "request");
    return this == CUSTOMER ? request.customer().id() : request.product().id();
  }
}
