package dev.pricing.eval;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.GuardrailBounds;
import java.util.Arrays;
import java.util.List;

/**
 * The ladder prices (in minor units) that the engine's guardrails, search range and implicit cost floor allow
 * for a request, with each guardrail's interval and the cost floor from {@link GuardrailBounds}, the engine's
 * own, so that the oracle and the engine search the same set; and the engine's price when that set is empty
 * ({@link #fallback}). Immutable and thread-safe.
 */
final class FeasiblePrices {
  private static final double MINOR_EPS = 1e-6;
  private final List<Guardrail> guardrails;
  private final Guardrail[] guardrailArray;
  private final PriceLadder ladder;
  private final double feeRate;
  private final double searchMin;
  private final double searchMax;

  FeasiblePrices(List<Guardrail> guardrails, PriceLadder ladder, double feeRate, double searchMin, double searchMax) {
    this.guardrails = List.copyOf(guardrails);
    this.guardrailArray = this.guardrails.toArray(new Guardrail[0]);
    this.ladder = ladder;
    this.feeRate = feeRate;
    this.searchMin = searchMin;
    this.searchMax = searchMax;
  }

  /** Returns the allowed ladder points in minor units, ascending; empty when the guardrails contradict. */
  long[] minorUnits(PricingRequest request, double lowRatio, double highRatio) {
    int digits = request.product().currency().getDefaultFractionDigits();
    double scale = Math.pow(10, digits);
    double ref = request.referencePrice().doubleValue();
    double cost = request.product().unitCost().doubleValue();
    double lo = ref * Math.max(searchMin, lowRatio);
    double hi = ref * Math.min(searchMax, highRatio);
    for (Guardrail g : guardrails) {
      lo = Math.max(lo, GuardrailBounds.lower(g, request, ref, cost, feeRate));
      hi = Math.min(hi, GuardrailBounds.upper(g, request, ref));
    }
    for (Guardrail g : request.product().guardrails()) {
      lo = Math.max(lo, GuardrailBounds.lower(g, request, ref, cost, feeRate));
      hi = Math.min(hi, GuardrailBounds.upper(g, request, ref));
    }
    // the engine never prices below cost unless a guardrail allows it (a negative minimum margin)
    lo = Math.max(lo, GuardrailBounds.costFloor(guardrailArray, request, cost, feeRate));
    if (lo == Double.POSITIVE_INFINITY || hi < lo) {
      return new long[0];
    }
    long loMinor = (long) Math.ceil(lo * scale - MINOR_EPS);
    long hiMinor = (long) Math.floor(hi * scale + MINOR_EPS);
    long[] out = new long[16];
    int n = 0;
    for (long p = ladder.ceil(loMinor, digits); p <= hiMinor; p = ladder.ceil(p + 1, digits)) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = p;
    }
    return Arrays.copyOf(out, n);
  }

  /** Returns the allowed prices as doubles in currency units. */
  double[] prices(PricingRequest request, double lowRatio, double highRatio) {
    long[] minor = minorUnits(request, lowRatio, highRatio);
    double scale = Math.pow(10, request.product().currency().getDefaultFractionDigits());
    double[] out = new double[minor.length];
    for (int i = 0; i < minor.length; i++) {
      out[i] = minor[i] / scale;
    }
    return out;
  }

  /**
   * Returns the engine's price for a request whose feasible set is empty: the reference price, raised to the
   * cost floor when it lies below it (the engine's infeasible fallback).
   */
  double fallback(PricingRequest request) {
    int digits = request.product().currency().getDefaultFractionDigits();
    double floor = GuardrailBounds.costFloor(guardrailArray, request, request.product().unitCost().doubleValue(),
        feeRate);
    return GuardrailBounds.infeasibleFallbackMinor(request.referencePrice(), floor, ladder, digits)
        / Math.pow(10, digits);
  }

  double feeRate() {
    return feeRate;
  }

}
