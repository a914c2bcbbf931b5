package dev.pricing.core;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingRequest;
import java.math.BigDecimal;
import java.util.List;

/**
 * The interval each guardrail allows for one request, as the engine computes it (see docs/guardrails.md).
 * Shared by the engine and by evaluation code (the simulator's oracle) so that both search exactly the same
 * prices. Allocation-free; stateless and thread-safe.
 */
public final class GuardrailBounds {
  private GuardrailBounds() {}

  /**
   * Returns the lowest price a guardrail allows, or {@link Double#NEGATIVE_INFINITY} when it sets no lower
   * bound for this request (a ceiling; a competitor band without competitor prices).
   * {@link Double#POSITIVE_INFINITY} means no price is allowed (a margin the fee leaves no room for).
   *
   * @param g the guardrail
   * @param request the request
   * @param ref the request's reference price
   * @param cost the unit cost
   * @param feeRate the payment fee as a fraction of the price
   * @return the lower bound
   */
  public static double lower(Guardrail g, PricingRequest request, double ref, double cost, double feeRate) {
    if (g instanceof Guardrail.Floor f) {
      return f.price().doubleValue();
    } else if (g instanceof Guardrail.MinimumAdvertisedPrice map) {
      return map.price().doubleValue();
    } else if (g instanceof Guardrail.MinimumMargin mm) {
      double keep = 1 - feeRate - mm.fraction();
      return keep <= 0 ? Double.POSITIVE_INFINITY : cost / keep;
    } else if (g instanceof Guardrail.MaxChange mc) {
      return ref * (1 - mc.fraction());
    } else if (g instanceof Guardrail.CompetitorBand cb) {
      List<BigDecimal> comp = request.market().competitorPrices();
      return comp.isEmpty() ? Double.NEGATIVE_INFINITY : competitor(cb, comp) * cb.minRatio();
    }
    return Double.NEGATIVE_INFINITY;
  }

  /**
   * Returns the highest price a guardrail allows, or {@link Double#POSITIVE_INFINITY} when it sets no upper
   * bound for this request.
   *
   * @param g the guardrail
   * @param request the request
   * @param ref the request's reference price
   * @return the upper bound
   */
  public static double upper(Guardrail g, PricingRequest request, double ref) {
    if (g instanceof Guardrail.Ceiling c) {
      return c.price().doubleValue();
    } else if (g instanceof Guardrail.MaxChange mc) {
      return ref * (1 + mc.fraction());
    } else if (g instanceof Guardrail.CompetitorBand cb) {
      List<BigDecimal> comp = request.market().competitorPrices();
      return comp.isEmpty() ? Double.POSITIVE_INFINITY : competitor(cb, comp) * cb.maxRatio();
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * Returns the engine's implicit cost floor: the lowest price that does not lose money after the unit cost
   * and the payment fee, {@code cost / (1 - feeRate)}, or {@link Double#NEGATIVE_INFINITY} when a guardrail
   * allows prices below cost (a {@link Guardrail.MinimumMargin} with a negative fraction, on the engine or
   * on the product). The engine never prices below it otherwise, fallbacks included.
   *
   * @param engineGuardrails the engine's guardrails
   * @param request the request (its product's guardrails are read)
   * @param cost the unit cost
   * @param feeRate the payment fee as a fraction of the price
   * @return the cost floor
   */
  public static double costFloor(Guardrail[] engineGuardrails, PricingRequest request, double cost, double feeRate) {
    for (Guardrail g : engineGuardrails) {
      if (g instanceof Guardrail.MinimumMargin mm && mm.fraction() < 0) {
        return Double.NEGATIVE_INFINITY;
      }
    }
    List<Guardrail> own = request.product().guardrails();
    for (int i = 0, n = own.size(); i < n; i++) {
      if (own.get(i) instanceof Guardrail.MinimumMargin mm && mm.fraction() < 0) {
        return Double.NEGATIVE_INFINITY;
      }
    }
    return cost / (1 - feeRate);
  }

  /**
   * Returns the engine's price, in minor units, when no ladder price is feasible: the reference price (at the
   * currency's scale), but never below the cost floor, which it is then raised to (onto the ladder when the
   * ladder has a point there). The engine's infeasible fallback and the simulator's oracle both use it.
   *
   * @param reference the request's reference price
   * @param costFloor the cost floor ({@link #costFloor}), or {@link Double#NEGATIVE_INFINITY} for none
   * @param ladder the price ladder
   * @param digits the currency's fraction digits
   * @return the price in minor units
   */
  public static long infeasibleFallbackMinor(BigDecimal reference, double costFloor, PriceLadder ladder,
      int digits) {
    long price = reference.setScale(digits, java.math.RoundingMode.HALF_EVEN).unscaledValue().longValue();
    long floorMinor = costFloor == Double.NEGATIVE_INFINITY ? Long.MIN_VALUE
        : (long) Math.ceil(costFloor * Math.pow(10, digits) - 1e-6);
    if (price >= floorMinor) {
      return price;
    }
    try {
      long up = ladder.ceil(floorMinor, digits);
      return up == Long.MAX_VALUE ? floorMinor : up;
    } catch (RuntimeException e) {
      return floorMinor;
    }
  }

  /**
   * Returns whether a guardrail needed competitor prices that the request lacks.
   *
   * @param g the guardrail
   * @param request the request
   * @return true for a competitor band on a request without competitor prices
   */
  public static boolean lacksCompetitorData(Guardrail g, PricingRequest request) {
    return g instanceof Guardrail.CompetitorBand && request.market().competitorPrices().isEmpty();
  }

  private static double competitor(Guardrail.CompetitorBand cb, List<BigDecimal> comp) {
    return competitor(cb.reference(), comp);
  }

  /**
   * Returns the competitor statistic a {@link Guardrail.CompetitorBand} is measured against, the value that
   * {@link #lower} and {@link #upper} multiply by the band's ratios (the engine computes it once per request
   * for both bounds).
   *
   * @param reference which statistic
   * @param comp the competitor prices, not empty
   * @return the minimum or the median
   */
  public static double competitor(Guardrail.CompetitorReference reference, List<BigDecimal> comp) {
    return reference == Guardrail.CompetitorReference.MIN ? Stats.min(comp) : Stats.median(comp);
  }
}
