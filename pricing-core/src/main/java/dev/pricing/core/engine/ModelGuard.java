package dev.pricing.core.engine;

import dev.pricing.api.InvalidRequestException;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.ReasonCode;
import java.util.List;
import java.util.Map;

/**
 * The model stage's guard: the demand model's circuit breaker and the time budget around the optimisation.
 * A model that throws, returns an invalid score ({@link ModelOutputCheck}) or overruns half the budget
 * counts as a model failure; a success closes the breaker. Thread-safe (the breaker is atomic).
 */
final class ModelGuard {
  private static final System.Logger LOG = System.getLogger(ModelGuard.class.getName());
  static final String MODEL_COMPONENT = "demand-model";

  /** What the guard runs: the model part of a decision. */
  @FunctionalInterface
  interface ModelStep {
    PriceDecision run(RequestContext c);
  }

  private final CircuitBreaker breaker;
  private final boolean failSafe;
  private final long timeBudget;
  private final DecisionAssembly assembly;

  ModelGuard(int breakerFailures, long breakerOpenNanos, boolean failSafe, long timeBudget,
      DecisionAssembly assembly) {
    this.breaker = new CircuitBreaker(MODEL_COMPONENT, breakerFailures, breakerOpenNanos);
    this.failSafe = failSafe;
    this.timeBudget = timeBudget;
    this.assembly = assembly;
  }

  /** Whether the model's circuit is open for this request (then the decision is a fallback). */
  boolean open(RequestContext c) {
    return breaker.isOpen(c.start);
  }

  /** Runs the model step; turns a failure, an invalid output or an overrun into a fallback. */
  PriceDecision run(RequestContext c, ModelStep step) {
    long modelStart = timeBudget > 0 ? System.nanoTime() : 0;
    int reasons = c.reasons;
    try {
      PriceDecision d = step.run(c);
      if (timeBudget > 0) {
        long now = System.nanoTime();
        if (now - c.start > timeBudget) {
          if (now - modelStart > timeBudget / 2) {
            failure(now);
          }
          return assembly.fallback(c, reasons | Reasons.bit(ReasonCode.TIME_BUDGET_EXCEEDED));
        }
      }
      if (d.reasons().contains(ReasonCode.MODEL_OUTPUT_INVALID)) {
        failure(System.nanoTime());
      } else {
        breaker.success();
      }
      return d;
    } catch (RuntimeException e) {
      if (!failSafe) {
        throw e;
      }
      if (e instanceof InvalidRequestException) {
        // The request's fault, not the model's: the breaker does not count it.
        return assembly.fallback(c, reasons | Reasons.bit(ReasonCode.INVALID_REQUEST));
      }
      if (breaker.failure(System.nanoTime())) {
        LOG.log(System.Logger.Level.WARNING, "demand model " + c.model.version() + " failed for product "
            + c.request.product().id() + "; serving the safe reference price (further failures are counted in"
            + " health())", e);
      }
      return assembly.fallback(c, reasons | Reasons.bit(ReasonCode.COMPONENT_FAILED));
    }
  }

  private void failure(long now) {
    if (breaker.failure(now)) {
      LOG.log(System.Logger.Level.WARNING, "the demand model returned invalid scores or overran the time budget;"
          + " serving the safe reference price (further failures are counted in health())");
    }
  }

  /** Closes the circuit: the breaker judged the previous model, a swapped-in one starts afresh. */
  void reset() {
    breaker.reset();
  }

  void collect(long now, Map<String, Long> failures, List<String> open) {
    Telemetry.collect(breaker, now, failures, open);
  }
}
