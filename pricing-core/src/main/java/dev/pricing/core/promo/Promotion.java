package dev.pricing.core.promo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One discount a merchant can offer: its mechanic ({@link DiscountKind}), its size, the products it covers and
 * the time window in which it can be offered.
 *
 * <ul>
 *   <li>{@link DiscountKind#PERCENT_OFF}: {@code value} is the percentage, in (0, 100].</li>
 *   <li>{@link DiscountKind#AMOUNT_OFF}: {@code value} is the amount off, positive, in the promotion set's
 *       currency.</li>
 *   <li>{@link DiscountKind#FREE_SHIPPING}: {@code value} is what shipping costs the merchant per order and
 *       {@code customerValue} what the customer believes it is worth (both non-negative, not both zero).</li>
 * </ul>
 *
 * <p>An empty {@code productIds} covers every product. The window is {@code [validFrom, validUntil)}.
 * Immutable and thread-safe. Every invalid component fails with an {@link IllegalArgumentException} naming
 * the field and the value.
 *
 * @param id the promotion identifier, not blank
 * @param kind the mechanic
 * @param value the percentage, the amount off, or the shipping cost to the merchant
 * @param customerValue the value to the customer of free shipping; zero for the other kinds
 * @param productIds the products covered; empty for all
 * @param validFrom the first instant at which it may be offered
 * @param validUntil the instant from which it may no longer be offered, after {@code validFrom}
 */
public record Promotion(String id, DiscountKind kind, BigDecimal value, BigDecimal customerValue,
    Set<String> productIds, Instant validFrom, Instant validUntil) {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** Validates every component. */
  public Promotion {
    Objects.requireNonNull(id, "promotion.id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("promotion.id must not be blank, found '" + id + "'");
    }
    Objects.requireNonNull(kind, "promotion.kind");
    Objects.requireNonNull(value, "promotion.value");
    Objects.requireNonNull(customerValue, "promotion.customerValue");
    Objects.requireNonNull(productIds, "promotion.productIds");
    Objects.requireNonNull(validFrom, "promotion.validFrom");
    Objects.requireNonNull(validUntil, "promotion.validUntil");
    switch (kind) {
      case PERCENT_OFF:
        if (value.signum() <= 0 || value.compareTo(HUNDRED) > 0) {
          throw new IllegalArgumentException("promotion " + id + ": percent must be in (0, 100], found "
              + value.toPlainString());
        }
        requireZero(id, customerValue);
        break;
      case AMOUNT_OFF:
        if (value.signum() <= 0) {
          throw new IllegalArgumentException("promotion " + id + ": amount must be positive, found "
              + value.toPlainString());
        }
        requireZero(id, customerValue);
        break;
      default:
        if (value.signum() < 0) {
          throw new IllegalArgumentException("promotion " + id + ": shippingCost must not be negative, found "
              + value.toPlainString());
        }
        if (customerValue.signum() < 0) {
          throw new IllegalArgumentException("promotion " + id + ": customerValue must not be negative, found "
              + customerValue.toPlainString());
        }
        if (value.signum() == 0 && customerValue.signum() == 0) {
          throw new IllegalArgumentException("promotion " + id
              + ": free shipping with zero cost and zero customer value is not a promotion");
        }
    }
    for (String p : productIds) {
      if (p == null || p.isBlank()) {
        throw new IllegalArgumentException("promotion " + id + ": productIds must not contain a blank id, found '"
            + p + "'");
      }
    }
    productIds = Set.copyOf(productIds);
    if (!validUntil.isAfter(validFrom)) {
      throw new IllegalArgumentException("promotion " + id + ": validUntil " + validUntil
          + " must be after validFrom " + validFrom);
    }
  }

  /**
   * A percentage off, on every product, at any time.
   *
   * @param id the identifier
   * @param percent the percentage, in (0, 100]
   * @return the promotion
   * @throws IllegalArgumentException if the percentage is NaN, infinite, not positive or above 100
   */
  public static Promotion percentOff(String id, double percent) {
    if (!Double.isFinite(percent)) {
      throw new IllegalArgumentException("promotion " + id + ": percent must be finite, found " + percent);
    }
    return new Promotion(id, DiscountKind.PERCENT_OFF, BigDecimal.valueOf(percent), BigDecimal.ZERO, Set.of(),
        Instant.MIN, Instant.MAX);
  }

  /**
   * A fixed amount off, on every product, at any time.
   *
   * @param id the identifier
   * @param amount the amount, positive, for example {@code "3.00"}
   * @return the promotion
   * @throws IllegalArgumentException if the amount is not a positive number
   */
  public static Promotion amountOff(String id, String amount) {
    return new Promotion(id, DiscountKind.AMOUNT_OFF, parse(id, "amount", amount), BigDecimal.ZERO, Set.of(),
        Instant.MIN, Instant.MAX);
  }

  /**
   * Free shipping, on every product, at any time.
   *
   * @param id the identifier
   * @param shippingCost what shipping costs the merchant, non-negative
   * @param customerValue what the customer believes shipping is worth, non-negative
   * @return the promotion
   * @throws IllegalArgumentException if a value is negative or not a number, or both are zero
   */
  public static Promotion freeShipping(String id, String shippingCost, String customerValue) {
    return new Promotion(id, DiscountKind.FREE_SHIPPING, parse(id, "shippingCost", shippingCost),
        parse(id, "customerValue", customerValue), Set.of(), Instant.MIN, Instant.MAX);
  }

  /**
   * Returns a copy limited to some products.
   *
   * @param ids the product ids, not empty
   * @return the copy
   */
  public Promotion forProducts(Set<String> ids) {
    Objects.requireNonNull(ids, "promotion.productIds");
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("promotion " + id + ": forProducts needs at least one product id, found []");
    }
    return new Promotion(id, kind, value, customerValue, ids, validFrom, validUntil);
  }

  /**
   * Returns a copy limited to a time window.
   *
   * @param from the first instant
   * @param until the end (exclusive)
   * @return the copy
   */
  public Promotion during(Instant from, Instant until) {
    return new Promotion(id, kind, value, customerValue, productIds, from, until);
  }

  /**
   * Returns whether the promotion can be offered on a product at an instant.
   *
   * @param productId the product
   * @param time the instant
   * @return true when the product is covered and the instant lies in the window
   */
  public boolean appliesTo(String productId, Instant time) {
    return (productIds.isEmpty() || productIds.contains(productId)) && !time.isBefore(validFrom)
        && time.isBefore(validUntil);
  }

  /**
   * Returns whether this promotion and another cover at least one common product at a common instant.
   *
   * @param other the other promotion
   * @return true when they overlap
   */
  public boolean overlaps(Promotion other) {
    boolean products = productIds.isEmpty() || other.productIds.isEmpty()
        || productIds.stream().anyMatch(other.productIds::contains);
    return products && validFrom.isBefore(other.validUntil) && other.validFrom.isBefore(validUntil);
  }

  private static void requireZero(String id, BigDecimal customerValue) {
    if (customerValue.signum() != 0) {
      throw new IllegalArgumentException("promotion " + id + ": customerValue applies to free shipping only, found "
          + customerValue.toPlainString());
    }
  }

  private static BigDecimal parse(String id, String field, String text) {
    Objects.requireNonNull(text, "promotion." + field);
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("promotion " + id + ": " + field + " must be a decimal number, found '"
          + text + "'", e);
    }
  }
}
