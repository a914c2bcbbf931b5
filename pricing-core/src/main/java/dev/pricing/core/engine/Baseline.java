package dev.pricing.core.engine;

import dev.pricing.api.GuardrailKind;
import dev.pricing.api.PriceLadder;
import dev.pricing.core.FeaturePipeline;

/**
 * The baseline stage: the price this engine sets without personal data, which is the uniform-mode price,
 * anchors the personalisation cap and tells whether a decision is personalised. It maximises the expected
 * objective averaged over the customers who actually arrive for the product's category (the personal
 * features of its recent requests, kept in a {@link PopulationReservoir}), with the product, market and time
 * features of this request. Until a category has a full ring of samples (and with the reservoir off, or
 * without personal extractors) it prices for the neutral customer instead (personal features at their
 * neutral values). Served from a {@link BaselineCache} when the same product and market state was priced
 * recently by the same model with the same population epoch, so the averaging (one model call per sample)
 * is paid on a cache miss only. Immutable and thread-safe; per-thread state lives in the
 * {@link RequestContext}.
 */
final class Baseline {
  /** {@link BaselineCache.Entry#binding} for "the search range bound it" (no guardrail kind). */
  static final int SEARCH_RANGE = -2;

  private final FeaturePipeline pipeline;
  private final Optimiser optimiser;
  private final PriceLadder ladder;
  /** sqrt(1 + cap): personalised prices lie in [baseline / capRoot, baseline * capRoot]; 0 for no cap. */
  private final double capRoot;
  private final BaselineCache cache;
  /** Null when off: no personal extractor, or a sample size of 0. */
  private final PopulationReservoir reservoir;
  private final boolean uniform;
  /**
   * In uniform mode personal features are extracted for the reservoir only: every request until a category's
   * ring is full, then every {@code period}-th decision of a thread.
   */
  private final int period;

  Baseline(FeaturePipeline pipeline, Optimiser optimiser, PriceLadder ladder, double cap, BaselineCache cache,
      PopulationReservoir reservoir, boolean uniform, int period) {
    this.pipeline = pipeline;
    this.optimiser = optimiser;
    this.ladder = ladder;
    this.capRoot = cap > 0 ? Math.sqrt(1 + cap) : 0;
    this.cache = cache;
    this.reservoir = reservoir;
    this.uniform = uniform;
    this.period = period;
  }

  /**
   * Records this request's personal features in its category's ring: the extracted ones on the personal
   * path; in uniform mode (where the decision's vector holds neutral values) extracted into a separate
   * buffer that no other stage, explorer or listener sees. A degraded request (personal features
   * unavailable) is not recorded. Never blocks and never fails the decision: a personal extractor that fails
   * here only loses the sample.
   */
  void observe(RequestContext c) {
    if (reservoir == null) {
      return;
    }
    PopulationReservoir.Group g = reservoir.group(c.request.product().category());
    c.group = g;
    if (c.personalPath) {
      reservoir.record(g, c.x);
      return;
    }
    if (!uniform || (++c.sampleTick % period != 0 && g.filled() == reservoir.size())) {
      return;
    }
    double[] s = c.sample;
    try {
      for (int i = 0; i < pipeline.extractorCount(); i++) {
        if (pipeline.personal(i)) {
          pipeline.extractOne(i, c.request, s, false);
        }
      }
    } catch (RuntimeException e) {
      reservoir.failedSample();
      return;
    }
    reservoir.record(g, s);
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
    if (!compute(c, c.xBase)) {
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
   * The decision of a request priced without personal data (uniform mode, or a personal extractor degraded)
   * once its category has a population: the population price over the guardrail bounds, its average
   * demand and binding guardrail, from the cache or computed. Returns false (and changes nothing the
   * decision reads) when there is no population yet or the model's output was invalid: the caller then
   * optimises the neutral vector as before.
   */
  boolean population(RequestContext c) {
    if (reservoir == null || c.group == null || c.group.epoch() == 0) {
      return false;
    }
    c.pLo = c.loL;
    c.pHi = c.hiL;
    c.pLoKind = c.loKind;
    c.pHiKind = c.hiKind;
    if (!compute(c, c.x)) {
      c.baselineMinor = -1;
      return false;
    }
    c.priceMinor = c.baselineMinor;
    c.demand = c.populationDemand;
    c.value = optimiser.value(c.priceMinor / c.scale, c.cost, c.demand);
    c.baselineMinor = -1;
    int b = c.populationBinding;
    if (b != -1) {
      Optimiser.bind(c, b == SEARCH_RANGE ? null : GuardrailKind.values()[b]);
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

  /**
   * The non-personal price over the guardrail bounds for the non-personal vector {@code base}: from the
   * cache, else optimised on the population's average demand (or the neutral vector's, before the category
   * has a population). Leaves the price in {@code c.baselineMinor} and its demand and binding in
   * {@code c.populationDemand} and {@code c.populationBinding}.
   */
  private boolean compute(RequestContext c, double[] base) {
    PopulationReservoir.Group g = c.group;
    long epoch = g == null ? 0 : g.epoch();
    int hash = 0;
    if (cache != null) {
      hash = BaselineCache.hash(base, c.loL, c.hiL, c.cost, c.digits, g == null ? -2 : g.id, epoch);
      BaselineCache.Entry hit = cache.get(base, c.loL, c.hiL, c.cost, c.digits, g, epoch, hash, c.model,
          c.start);
      if (hit != null) {
        c.local.cacheHit();
        c.baselineMinor = hit.baselineMinor();
        c.populationDemand = hit.demand();
        c.populationBinding = hit.binding();
        return true;
      }
    }
    if (cache != null) {
      c.local.cacheMiss();
    }
    ActiveModel real = c.model;
    int m = epoch > 0 ? reservoir.copy(g, c.population.samples()) : 0;
    if (m > 0) {
      c.population.bind(real.scorer(), real.check(), reservoir.personalIndices(), m);
      c.model = real.withScorer(c.population);
    }
    try {
      if (!optimiser.optimiseWithProbes(c, base, c.loL, c.hiL)) {
        return false;
      }
      c.baselineMinor = c.bestMinor;
      c.populationDemand = c.bestDemand;
      c.populationBinding = binding(c);
    } finally {
      c.model = real;
    }
    if (cache != null) {
      cache.put(base, c.loL, c.hiL, c.cost, c.digits, g, epoch, hash, c.model, c.start, c.baselineMinor,
          c.populationDemand, c.populationBinding);
    }
    return true;
  }

  /**
   * Whether the optimum just found sits on a guardrail bound with a better objective one ladder step beyond
   * it (the same rule as {@link Optimiser#detectBinding}, with the steps' demands scored in the optimisation's
   * own model call): the bound's kind ordinal, {@link #SEARCH_RANGE} for the search range, -1 for none.
   */
  private int binding(RequestContext c) {
    long best = c.bestMinor;
    double value = c.bestValue;
    if (best == c.loL && c.loL > 0) {
      long below = ladder.floor(c.loL - 1, c.digits);
      if (below >= 0 && better(c, below, c.lowProbeDemand, value)) {
        return c.loKind == null ? SEARCH_RANGE : c.loKind.ordinal();
      }
    }
    if (best == c.hiL) {
      long above = ladder.ceil(c.hiL + 1, c.digits);
      if (above != Long.MAX_VALUE && better(c, above, c.highProbeDemand, value)) {
        return c.hiKind == null ? SEARCH_RANGE : c.hiKind.ordinal();
      }
    }
    return -1;
  }

  private boolean better(RequestContext c, long minor, double demand, double value) {
    double p = minor / c.scale;
    return c.model.check().valid(demand) && optimiser.value(p, c.cost, demand) > value;
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

  PopulationReservoir reservoir() {
    return reservoir;
  }
}
