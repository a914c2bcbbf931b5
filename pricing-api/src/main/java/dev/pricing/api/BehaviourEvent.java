package dev.pricing.api;

import java.time.Instant;

/**
 * One event in a customer's recent behaviour, used by sequence features (for example a text rendering
 * of "viewed X, carted Y" for a transformer encoder).
 *
 * <p>Immutable and thread-safe.
 *
 * @param type what the customer did
 * @param productId the product it concerned
 * @param title the product's title as shown, may be empty
 * @param time when it happened
 */
public record BehaviourEvent(Type type, String productId, String title, Instant time) {

  /** The kinds of behaviour event. */
  public enum Type {
    /** The customer viewed a product page. */
    VIEW,
    /** The customer clicked an offer or recommendation. */
    CLICK,
    /** The customer added the product to the cart. */
    CART,
    /** The customer bought the product. */
    PURCHASE
  }

  /**
   * Validates every component.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code productId} is blank
   */
  public BehaviourEvent {
    Checks.notNull(type, "type");
    Checks.notBlank(productId, "productId");
    Checks.notNull(title, "title");
    Checks.notNull(time, "time");
  }
}
