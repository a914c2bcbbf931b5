package dev.pricing.core.engine;

import dev.pricing.api.GuardrailKind;
import dev.pricing.api.PriceLadder;
import dev.pricing.core.FeaturePipeline;

/**
 * The baseline stage: the price this engine would set without personal data (personal features at their
 * neutral values, over the guardrail bounds), which also anchors the personalisation cap and tells whether
 * a decision is personalised. Served from a {@link BaselineCache} when the same product and market state was
 * priced recently by the same model. Immutable and thread-safe.
 */
final class Baseline {
  private final FeaturePipeline pipeline;
  private final Optimiser optimiser;
  private final PriceLadder ladder;
  /** sqrt(1 + cap): personalised prices lie in [baseline / capRoot, baseline * capRoot]; 0 for no cap. */
  private final double capRoot;
  private final BaselineCache cache;

  Baseline(FeaturePipeline pipeline, Optimiser optimiser, PriceLadder ladder, double cap, BaselineCache cache) {
    this.pipeline = pipeline;
    this.optimiser = optimiser;
    this.ladder = ladder;
    this.capRoot = cap > 0 ? Math.sqrt(1 + cap) : 0;
    this.cache = cache;
  }

  /**
   * Sets the personal search range {@code pLo..pHi}. On the personal path writes the neutral vector and
   * computes the baseline first (so the decision's model call can score the customer's demand at it); with a
   * personalisation cap, narrows the range around it. Returns false if the baseline's model output was
   * invalid and a cap needs it (without a cap the decision's own price then stands in for the baseline).
   */
  boolean prepare(RequestContext c) {
    c.pLo = c.loL;
    c.pHi = c.hiL;
    c.pLoKind = c.loKind;
    c.pHiKind = c.hiKind;
    c.baselineMinor = -1;
    if (!c.personalPath) {
      return true;
    }
    pipeline.neutralise(c.request, c.x, c.xBase);
    if (!compute(c)) {
      c.baselineFailed = true;
      return capRoot == 0;
    }
    if (capRoot > 0) {
      long baseline = c.baselineMinor;
      long capLo = ladder.ceil((long) Math.ceil(baseline / capRoot - Bounds.MINOR_EPS), c.digits);
      long capHi = ladder.floor((long) Math.floor(baseline * capRoot + Bounds.MINOR_EPS), c.digits);
      if (capLo > c.pLo && capLo <= baseline) {
        c.pLo = capLo;
        c.pLoKind = GuardrailKind.PERSONALISATION_CAP;
      }
      if (capHi < c.pHi && capHi >= baseline) {
        c.pHi = capHi;
        c.pHiKind = GuardrailKind.PERSONALISATION_CAP;
      }
    }
    return true;
  }

  /**
   * After the price is chosen: the baseline's expected profit for this customer (its demand was scored with
   * the decision's grid), and whether personal data changed the price.
   */
  void finish(RequestContext c) {
    if (!c.personalPath || c.baselineFailed || c.baselineMinor < 0) {
      c.baselineMinor = c.priceMinor;
      c.baselineProfit = c.profit;
      return;
    }
    double p = c.baselineMinor / c.scale;
    double d = c.baselineDemandValid ? c.baselineDemand : optimiser.demandAt(c, c.x, p);
    c.baselineProfit = c.model.check().valid(d) && Double.isFinite(d) ? optimiser.profit(p, c.cost, d) : 0;
    c.personalised = c.baselineMinor != c.priceMinor;
    if (c.personalised) {
      c.reasons |= Reasons.bit(dev.pricing.api.ReasonCode.PERSONALISED);
    }
  }

  /** The baseline over the guardrail bounds: from the cache, else optimised on the neutral vector. */
  private boolean compute(RequestContext c) {
    int hash = 0;
    if (cache != null) {
      hash = BaselineCache.hash(c.xBase, c.loL, c.hiL, c.cost, c.digits);
      long hit = cache.get(c.xBase, c.loL, c.hiL, c.cost, c.digits, hash, c.model, c.start);
      if (hit >= 0) {
        c.baselineMinor = hit;
        return true;
      }
    }
    if (!optimiser.optimise(c, c.xBase, c.loL, c.hiL)) {
      return false;
    }
    c.baselineMinor = c.bestMinor;
    if (cache != null) {
      cache.put(c.xBase, c.loL, c.hiL, c.cost, c.digits, hash, c.model, c.start, c.bestMinor);
    }
    return true;
  }

  /** Drops cached baselines (the model changed). */
  void invalidate() {
    if (cache != null) {
      cache.clear();
    }
  }

  BaselineCache cache() {
    return cache;
  }
}
