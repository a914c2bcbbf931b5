package dev.pricing.core.promo;

/** The mechanics a {@link Promotion} can use. Immutable and thread-safe (an enum). */
public enum DiscountKind {
  /** A percentage off the reference price; applied first when stacked. */
  PERCENT_OFF,
  /** A fixed amount off the price; applied after a percentage when stacked. */
  AMOUNT_OFF,
  /** Free shipping: a cost to the merchant and a value to the customer; the price paid is unchanged. */
  FREE_SHIPPING
}
