package dev.pricing.core.markdown;

import dev.pricing.api.PricingRequest;
import java.math.BigDecimal;

/**
 * The planned price of a request's product now, as a {@link PlanGuidedEngine} asks for it on each request:
 * typically a map from product id to the current period's {@link MarkdownPlan#priceNow()}, replaced when the
 * catalogue is re-planned.
 *
 * <p>Implementations must be thread-safe and fast (called on the pricing thread); they must not block.
 */
@FunctionalInterface
public interface PlannedPrices {
  /**
   * Returns the planned price for the request's product, or null when no plan covers it (the engine then
   * prices the request as it would without plans).
   *
   * @param request the request
   * @return the planned price in the product's currency, or null
   */
  BigDecimal plannedPrice(PricingRequest request);
}
