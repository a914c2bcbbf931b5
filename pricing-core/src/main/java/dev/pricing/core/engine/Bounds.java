package dev.pricing.core.engine;

import dev.pricing.api.GuardrailKind;
import dev.pricing.api.InvalidRequestException;
import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.ReasonCode;
import dev.pricing.core.GuardrailBounds;
import java.util.List;

/**
 * The bounds stage: intersects the search range with every guardrail (the engine's and the product's own),
 * records which guardrail set each bound, and snaps the bounds to the price ladder. Immutable and
 * thread-safe.
 */
final class Bounds {
  /** Absorbs binary rounding when a bound such as 4.99 * 100 becomes 499.00000000000006. */
  static final double MINOR_EPS = 1e-6;

  private final Guardrail[] guardrails;
  private final PriceLadder ladder;
  private final double searchMin;
  private final double searchMax;
  private final double fee;

  Bounds(List<Guardrail> guardrails, PriceLadder ladder, double searchMin, double searchMax, double fee) {
    this.guardrails = guardrails.toArray(new Guardrail[0]);
    this.ladder = ladder;
    this.searchMin = searchMin;
    this.searchMax = searchMax;
    this.fee = fee;
  }

  /** Returns the lowest price that does not sell below cost, unless a guardrail allows it (c.cost must be set). */
  double costFloor(RequestContext c) {
    return GuardrailBounds.costFloor(guardrails, c.request, c.cost, fee);
  }

  /** Returns the cost floor of a request from its product's cost (the fallback path, where c.cost may be stale). */
  double costFloorOf(PricingRequest request) {
    return GuardrailBounds.costFloor(guardrails, request, request.product().unitCost().doubleValue(), fee);
  }

  /** Sets the context's bounds ({@code loMinor..hiMinor}, {@code loL..hiL}, their kinds) and reason bits. */
  void apply(RequestContext c) {
    PricingRequest request = c.request;
    double ref = c.ref;
    double lo = ref * searchMin;
    double hi = ref * searchMax;
    c.loKind = null;
    c.hiKind = null;
    c.noCompetitorData = false;
    c.competitorMin = Double.NaN;
    c.competitorMedian = Double.NaN;
    for (Guardrail g : guardrails) {
      lo = lower(g, c, lo);
      hi = upper(g, c, hi);
    }
    List<Guardrail> own = request.product().guardrails();
    for (int i = 0, n = own.size(); i < n; i++) {
      Guardrail g = own.get(i);
      lo = lower(g, c, lo);
      hi = upper(g, c, hi);
    }
    double costFloor = costFloor(c);
    if (costFloor > lo) {
      // Margin 0: never below cost unless a guardrail allows it (a negative minimum margin).
      lo = costFloor;
      c.loKind = GuardrailKind.MINIMUM_MARGIN;
    }
    double scale = c.scale;
    c.loMinor = lo == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : (long) Math.ceil(lo * scale - MINOR_EPS);
    c.hiMinor = (long) Math.floor(hi * scale + MINOR_EPS);
    c.loL = ladder.ceil(c.loMinor, c.digits);
    c.hiL = c.hiMinor < 0 ? -1 : ladder.floor(c.hiMinor, c.digits);
    c.boundsValid = true;
    if (c.noCompetitorData) {
      c.reasons |= Reasons.bit(ReasonCode.NO_COMPETITOR_DATA);
    }
  }

  private double lower(Guardrail g, RequestContext c, double lo) {
    double v;
    if (g instanceof Guardrail.CompetitorBand cb) {
      // The same value as GuardrailBounds.lower, with the competitor statistic computed once for both bounds.
      if (c.request.market().competitorPrices().isEmpty()) {
        c.noCompetitorData = true;
        v = Double.NEGATIVE_INFINITY;
      } else {
        v = competitor(c, cb.reference()) * cb.minRatio();
      }
    } else {
      v = GuardrailBounds.lower(g, c.request, c.ref, c.cost, fee);
    }
    if (v > lo || (v == lo && c.loKind == null)) {
      c.loKind = g.kind();
      return v;
    }
    return lo;
  }

  private double upper(Guardrail g, RequestContext c, double hi) {
    double v;
    if (g instanceof Guardrail.CompetitorBand cb) {
      v = c.request.market().competitorPrices().isEmpty() ? Double.POSITIVE_INFINITY
          : competitor(c, cb.reference()) * cb.maxRatio();
    } else {
      v = GuardrailBounds.upper(g, c.request, c.ref);
    }
    if (v < hi || (v == hi && c.hiKind == null)) {
      c.hiKind = g.kind();
      return v;
    }
    return hi;
  }

  /** The request's competitor minimum or median (not empty), computed at most once per request each. */
  private static double competitor(RequestContext c, Guardrail.CompetitorReference reference) {
    if (reference == Guardrail.CompetitorReference.MIN) {
      if (Double.isNaN(c.competitorMin)) {
        c.competitorMin = GuardrailBounds.competitor(reference, c.request.market().competitorPrices());
      }
      return c.competitorMin;
    }
    if (Double.isNaN(c.competitorMedian)) {
      c.competitorMedian = GuardrailBounds.competitor(reference, c.request.market().competitorPrices());
    }
    return c.competitorMedian;
  }
}
