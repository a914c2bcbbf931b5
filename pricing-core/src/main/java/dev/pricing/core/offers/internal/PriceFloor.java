package dev.pricing.core.offers.internal;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.GuardrailBounds;
import java.util.ArrayList;
import java.util.List;

/**
 * The lowest price the guardrails allow for a request (merchant-wide guardrails plus the product's own), with
 * the guardrail that sets it, computed by {@link GuardrailBounds#lower} so that promotions and bundles respect
 * exactly the floors the engine respects.
 *
 * <p>An extra per-unit cost (for example shipping the merchant absorbs) is added to the unit cost, so a minimum
 * margin is measured after it. Immutable and thread-safe.
 *
 * @param value the lowest allowed price ({@link Double#NEGATIVE_INFINITY} when nothing bounds it from below,
 *     {@link Double#POSITIVE_INFINITY} when no price is allowed)
 * @param binding the guardrail that sets it, or null when none does
 */
public record PriceFloor(double value, Guardrail binding) {

  /**
   * Computes the floor of a request.
   *
   * @param merchant merchant-wide guardrails
   * @param request the request (its product's guardrails are added)
   * @param extraUnitCost cost per unit on top of the product's unit cost, non-negative
   * @param feeRate the payment fee as a share of the price
   * @return the floor
   */
  public static PriceFloor of(List<Guardrail> merchant, PricingRequest request, double extraUnitCost, double feeRate) {
    List<Guardrail> all = new ArrayList<>(merchant);
    all.addAll(request.product().guardrails());
    double ref = request.referencePrice().doubleValue();
    double cost = request.product().unitCost().doubleValue() + extraUnitCost;
    double best = Double.NEGATIVE_INFINITY;
    Guardrail binding = null;
    for (Guardrail g : all) {
      double lo = GuardrailBounds.lower(g, request, ref, cost, feeRate);
      if (lo > best) {
        best = lo;
        binding = g;
      }
    }
    return new PriceFloor(best, binding);
  }

  /** @return the binding guardrail's id ("none" when no guardrail bounds the price from below) */
  public String bindingId() {
    return binding == null ? "none" : binding.kind().id();
  }
}
