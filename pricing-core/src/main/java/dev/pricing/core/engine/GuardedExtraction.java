package dev.pricing.core.engine;

import dev.pricing.api.InvalidRequestException;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeaturePipeline;
import java.util.List;
import java.util.Map;

/**
 * The features stage: runs every extractor of the {@link FeaturePipeline} under its own circuit breaker and
 * the time budget. A non-personal extractor that fails, overruns or is switched off makes the decision a
 * fallback; a personal one is replaced by its neutral values ({@code DEGRADED}). In uniform-price mode
 * personal extractors write their neutral values. Within a slate, customer-only extractors run for the
 * first product and their values (and outcome) are reused for the others.
 *
 * <p>Thread-safe: the breakers are atomic; everything per request lives in the {@link RequestContext}.
 */
final class GuardedExtraction {
  private static final System.Logger LOG = System.getLogger(GuardedExtraction.class.getName());

  private final FeaturePipeline pipeline;
  private final CircuitBreaker[] breakers;
  private final boolean uniform;
  private final boolean failSafe;
  private final long timeBudget;

  GuardedExtraction(FeaturePipeline pipeline, boolean uniform, boolean failSafe, long timeBudget,
      int breakerFailures, long breakerOpenNanos) {
    this.pipeline = pipeline;
    this.uniform = uniform;
    this.failSafe = failSafe;
    this.timeBudget = timeBudget;
    this.breakers = new CircuitBreaker[pipeline.extractorCount()];
    for (int i = 0; i < breakers.length; i++) {
      breakers[i] = new CircuitBreaker(String.valueOf(pipeline.extractor(i)), breakerFailures, breakerOpenNanos);
    }
  }

  /**
   * Writes the request's features into {@code c.x}. Returns reason bits: a fallback bit if a non-personal
   * extractor failed, overran the budget or is switched off, {@link ReasonCode#DEGRADED} if a personal one
   * did (its neutral values are used instead).
   */
  int extract(RequestContext c) {
    PricingRequest request = c.request;
    double[] x = c.x;
    c.personalDegraded = false;
    int reasons = 0;
    for (int i = 0, n = breakers.length; i < n; i++) {
      boolean personal = pipeline.personal(i);
      if (c.slate && c.customerDone[i]) {
        int from = pipeline.from(i);
        System.arraycopy(c.customerX, from, x, from, pipeline.to(i) - from);
        if (c.customerDegraded[i]) {
          c.personalDegraded = true;
          reasons |= Reasons.bit(ReasonCode.DEGRADED);
        }
        continue;
      }
      if (c.slate && pipeline.customerOnly(i)) {
        c.customerFresh = true;
      }
      int r = extractOne(c, i, request, x, personal);
      if ((r & Reasons.FALLBACK_BITS) != 0) {
        return r;
      }
      reasons |= r;
      if (c.slate && pipeline.customerOnly(i)) {
        int from = pipeline.from(i);
        System.arraycopy(x, from, c.customerX, from, pipeline.to(i) - from);
        c.customerDone[i] = true;
        c.customerDegraded[i] = r != 0;
      }
    }
    if (timeBudget > 0 && System.nanoTime() - c.start > timeBudget) {
      return Reasons.bit(ReasonCode.TIME_BUDGET_EXCEEDED);
    }
    return reasons;
  }

  /** One extractor under its breaker: 0, DEGRADED, or a fallback bit. */
  private int extractOne(RequestContext c, int i, PricingRequest request, double[] x, boolean personal) {
    FeatureExtractor e = pipeline.extractor(i);
    CircuitBreaker breaker = breakers[i];
    int from = pipeline.from(i);
    int to = pipeline.to(i);
    if (breaker.isOpen(c.start)) {
      if (personal && neutralOk(request, e, x, from, to)) {
        c.personalDegraded = true;
        return Reasons.bit(ReasonCode.DEGRADED);
      }
      return Reasons.bit(ReasonCode.CIRCUIT_OPEN);
    }
    long t0 = timeBudget > 0 ? System.nanoTime() : 0;
    boolean ok;
    try {
      if (uniform && personal) {
        e.extractNeutral(request, x, from);
      } else {
        e.extract(request, x, from);
      }
      int bad = FeaturePipeline.firstNonFinite(x, from, to);
      ok = bad < 0;
      if (!ok && !failSafe) {
        throw pipeline.nonFinite(request, x, bad, uniform && personal);
      }
    } catch (RuntimeException ex) {
      if (!failSafe) {
        throw ex;
      }
      if (ex instanceof InvalidRequestException) {
        // The request's fault: this extractor's breaker neither counts it nor resets.
        return Reasons.bit(ReasonCode.INVALID_REQUEST);
      }
      c.lastFailure = ex;
      ok = false;
    }
    boolean overran = timeBudget > 0 && System.nanoTime() - t0 > timeBudget;
    if (ok && !overran) {
      breaker.success();
      return 0;
    }
    if (breaker.failure(System.nanoTime())) {
      LOG.log(System.Logger.Level.WARNING, "feature extractor " + e + (overran ? " overran the time budget"
          : " failed") + " for product " + request.product().id() + " (further failures are counted in health()"
          + " and logged when its circuit opens)", c.lastFailure);
    }
    c.lastFailure = null;
    if (personal && neutralOk(request, e, x, from, to)) {
      c.personalDegraded = true;
      return Reasons.bit(ReasonCode.DEGRADED);
    }
    return Reasons.bit(overran ? ReasonCode.TIME_BUDGET_EXCEEDED : ReasonCode.COMPONENT_FAILED);
  }

  /** Writes a personal extractor's neutral values in place of a failed extraction; false if that fails too. */
  private static boolean neutralOk(PricingRequest request, FeatureExtractor e, double[] x, int from, int to) {
    try {
      e.extractNeutral(request, x, from);
      return FeaturePipeline.firstNonFinite(x, from, to) < 0;
    } catch (RuntimeException ex) {
      return false;
    }
  }

  /** Adds each extractor's failure count and open circuit to the health report. */
  void collect(long now, Map<String, Long> failures, List<String> open) {
    for (CircuitBreaker b : breakers) {
      Telemetry.collect(b, now, failures, open);
    }
  }
}
