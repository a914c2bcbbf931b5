package dev.pricing.core.promo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What one candidate offer means for the customer and the merchant: the promotions combined, the price paid,
 * the discount off the reference price, and the non-price benefit (free shipping) with its value to the
 * customer and its cost to the merchant. Money is exact, in the product's currency and minor unit.
 *
 * <p>Immutable and thread-safe.
 *
 * @param promotions the promotions combined, empty for "no promotion"
 * @param referencePrice the price without promotion
 * @param paidPrice the price the customer pays
 * @param benefitValue what the non-price benefits are worth to the customer
 * @param benefitCost what the non-price benefits cost the merchant per order
 */
public record OfferTerms(List<Promotion> promotions, BigDecimal referencePrice, BigDecimal paidPrice,
    BigDecimal benefitValue, BigDecimal benefitCost) {

  /** Validates and copies the components. */
  public OfferTerms {
    promotions = List.copyOf(Objects.requireNonNull(promotions, "promotions"));
    Objects.requireNonNull(referencePrice, "referencePrice");
    Objects.requireNonNull(paidPrice, "paidPrice");
    Objects.requireNonNull(benefitValue, "benefitValue");
    Objects.requireNonNull(benefitCost, "benefitCost");
  }

  /** @return the price discount, {@code referencePrice - paidPrice} */
  public BigDecimal priceDiscount() {
    return referencePrice.subtract(paidPrice);
  }

  /** @return whether this is the "no promotion" offer */
  public boolean isNone() {
    return promotions.isEmpty();
  }

  /** @return the promotion ids joined with '+', or "none" */
  public String label() {
    if (promotions.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (Promotion p : promotions) {
      if (sb.length() > 0) {
        sb.append('+');
      }
      sb.append(p.id());
    }
    return sb.toString();
  }
}
