package dev.pricing.core.engine;

import dev.pricing.api.FeatureContribution;
import dev.pricing.api.GuardrailKind;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.ReasonCode;
import dev.pricing.core.GuardrailBounds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The assembly stage: the only place where a decision's numbers become decimals and a
 * {@link PriceDecision}. Also builds the safe fallback decision. Prices are exact decimals in the currency's
 * minor unit; a small cache of the decimals of recent prices (immutable, so shared) spares the allocation.
 * Thread-safe: the caches are published racily but hold only immutable entries with final fields.
 */
final class DecisionAssembly {
  /** One shared Optional per guardrail kind (index = ordinal; last = none), so decisions allocate none. */
  private static final List<Optional<GuardrailKind>> BINDING;
  private static final int MONEY_SLOTS = 1 << 12;

  static {
    List<Optional<GuardrailKind>> b = new ArrayList<>();
    for (GuardrailKind k : GuardrailKind.values()) {
      b.add(Optional.of(k));
    }
    b.add(Optional.empty());
    BINDING = List.copyOf(b);
  }

  private final PriceLadder ladder;
  private final boolean shadow;
  private final Reasons reasons;
  private final DecisionIds ids;
  private final Money[] money = new Money[MONEY_SLOTS];

  private record Money(long minor, int digits, BigDecimal value) {}

  private Bounds bounds;

  /** Lets the fallback keep its price at or above cost (the bounds' cost floor). */
  void costFloorFrom(Bounds b) {
    this.bounds = b;
  }

  DecisionAssembly(PriceLadder ladder, boolean shadow, Reasons reasons, DecisionIds ids) {
    this.ladder = ladder;
    this.shadow = shadow;
    this.reasons = reasons;
    this.ids = ids;
  }

  /** The decimal of a price in minor units (cached: the same price recurs across decisions). */
  BigDecimal decimal(long minor, int digits) {
    int slot = (int) ((minor * 0x9E3779B97F4A7C15L + digits) >>> 52) & (MONEY_SLOTS - 1);
    Money m = money[slot];
    if (m != null && m.minor == minor && m.digits == digits) {
      return m.value;
    }
    BigDecimal value = BigDecimal.valueOf(minor, digits);
    money[slot] = new Money(minor, digits, value);
    return value;
  }

  /** The decision the pipeline formed in the context. */
  PriceDecision decision(RequestContext c, List<FeatureContribution> contributions) {
    BigDecimal price = decimal(c.priceMinor, c.digits);
    BigDecimal baseline = c.baselineMinor == c.priceMinor ? price : decimal(c.baselineMinor, c.digits);
    double profit = c.profit;
    return build(c.request, c.id, c.model, price, c.priceMinor / c.scale, c.demand, profit, baseline,
        c.baselineProfit, c.reasons, c.binding, c.personalised, c.propensity, contributions);
  }

  /**
   * The safe reference price: the reference price moved inside the guardrails and onto the ladder when the
   * bounds are known and feasible, else the reference price itself. Expectations are zero: no model vouches
   * for this price.
   */
  PriceDecision fallback(RequestContext c, int reasonBits) {
    PricingRequest request = c.request;
    int digits = request.product().currency().getDefaultFractionDigits();
    BigDecimal referencePrice = request.referencePrice();
    long priceMinor = -1;
    if (c.boundsValid && c.feasible()) {
      try {
        long refMinor = Math.round(referencePrice.doubleValue() * Math.pow(10, digits));
        long p = Math.max(c.loL, Math.min(c.hiL, refMinor));
        p = ladder.floor(p, digits);
        priceMinor = p < c.loL ? c.loL : p;
      } catch (RuntimeException e) {
        priceMinor = -1;
      }
    }
    BigDecimal price = priceMinor >= 0 ? decimal(priceMinor, digits)
        : referencePrice.setScale(digits, RoundingMode.HALF_EVEN);
    if (priceMinor < 0 && bounds != null) {
      // Infeasible or unknown bounds: the reference price, but never below cost unless a guardrail allows it.
      long p = GuardrailBounds.infeasibleFallbackMinor(referencePrice, bounds.costFloorOf(request), ladder, digits);
      if (p != price.unscaledValue().longValue()) { // price has the currency's scale here
        price = decimal(p, digits);
      }
    }
    return build(request, ids.next(c), c.model, price, price.doubleValue(), 0, 0, price, 0, reasonBits, -1, false,
        1.0, List.of());
  }

  private PriceDecision build(PricingRequest request, long id, ActiveModel m, BigDecimal price, double priceValue,
      double demand, double profit, BigDecimal baseline, double baselineProfit, int reasonBits, int binding,
      boolean personalised, double propensity, List<FeatureContribution> contributions) {
    BigDecimal served = price;
    if (shadow) {
      served = request.referencePrice().setScale(price.scale(), RoundingMode.HALF_EVEN);
      reasonBits |= Reasons.bit(ReasonCode.SHADOW_MODE);
      personalised = false;
    }
    return new PriceDecision(
        id,
        request.product().id(),
        request.product().currency(),
        served,
        price,
        request.referencePrice(),
        demand,
        priceValue * demand,
        profit,
        baseline,
        baselineProfit,
        BINDING.get(binding < 0 ? BINDING.size() - 1 : binding),
        reasons.list(reasonBits),
        m.version(),
        personalised,
        propensity,
        contributions);
  }
}
