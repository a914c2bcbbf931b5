package dev.pricing.core.bundle;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A proposed bundle for one customer, offered next to its items (mixed bundling): the items, the bundle price
 * as an exact decimal in the currency's minor unit, the sum of the parts and the lowest price the items'
 * floors allow, the expected profit per customer of the mixed offer and of the items alone (both under the
 * same choice model), the share of customers expected to take the bundle, and the reasons.
 *
 * <p>When {@link #offered()} is false the bundle should not be shown: {@link #price()} then equals
 * {@link #sumOfParts()} and the mixed profit equals the items-alone profit.
 *
 * <p>Immutable and thread-safe.
 *
 * @param itemIds the products in the bundle, in order
 * @param offered whether to offer it
 * @param price the bundle price
 * @param sumOfParts the sum of the items' prices
 * @param floor the sum of the items' floors (never offered below)
 * @param expectedProfitMixed expected profit per customer with the bundle on offer next to the items
 * @param expectedProfitItemsAlone expected profit per customer with the items alone
 * @param bundleTakeRate the share of customers expected to buy the bundle
 * @param purchaseRateMixed the share expected to buy anything, with the bundle on offer
 * @param purchaseRateItemsAlone the share expected to buy anything, items alone
 * @param reasons why, most important first
 * @param modelVersion the demand model's version
 */
public record BundleOffer(List<String> itemIds, boolean offered, BigDecimal price, BigDecimal sumOfParts,
    BigDecimal floor, double expectedProfitMixed, double expectedProfitItemsAlone, double bundleTakeRate,
    double purchaseRateMixed, double purchaseRateItemsAlone, List<BundleReason> reasons, String modelVersion) {

  /** Validates and copies the components. */
  public BundleOffer {
    itemIds = List.copyOf(itemIds);
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(sumOfParts, "sumOfParts");
    Objects.requireNonNull(floor, "floor");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(modelVersion, "modelVersion");
  }

  /** @return the expected profit the mixed offer adds per customer */
  public double profitGain() {
    return expectedProfitMixed - expectedProfitItemsAlone;
  }

  /** @return the bundle discount as a share of the sum of the parts */
  public double discountShare() {
    return sumOfParts.signum() == 0 ? 0 : 1 - price.doubleValue() / sumOfParts.doubleValue();
  }
}
