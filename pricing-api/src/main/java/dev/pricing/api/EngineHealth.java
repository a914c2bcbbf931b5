package dev.pricing.api;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of an engine's counters, for dashboards and health checks. All counts are since the engine
 * was built; latencies are of {@link PricingEngine#price} calls, in nanoseconds, over the same period.
 *
 * <p>Immutable and thread-safe.
 *
 * @param decisions decisions returned
 * @param fallbacks decisions that returned the safe reference price because a component failed, was
 *     skipped, or the time budget ran out (a subset of {@code decisions})
 * @param fallbacksByReason fallbacks counted by their reason code
 * @param componentFailures failures (exception, invalid output or budget overrun) counted per component
 *     name (an extractor's {@code toString()} or {@code "demand-model"})
 * @param openCircuits components currently skipped by their circuit breaker
 * @param listenerFailures listener calls that threw (decisions were unaffected)
 * @param listenerDrops records listeners dropped rather than block a pricing thread (for example a
 *     decision log whose queue was full), summed over {@link dev.pricing.api.spi.DecisionListener#dropped()}
 * @param latencyP50Nanos median decision latency
 * @param latencyP99Nanos 99th percentile decision latency
 * @param latencyP999Nanos 99.9th percentile decision latency
 * @param latencyMaxNanos slowest decision
 */
public record EngineHealth(
    long decisions,
    long fallbacks,
    Map<ReasonCode, Long> fallbacksByReason,
    Map<String, Long> componentFailures,
    List<String> openCircuits,
    long listenerFailures,
    long listenerDrops,
    long latencyP50Nanos,
    long latencyP99Nanos,
    long latencyP999Nanos,
    long latencyMaxNanos) {

  /**
   * Copies the collections.
   *
   * @throws NullPointerException if a collection is null
   */
  public EngineHealth {
    fallbacksByReason = Map.copyOf(fallbacksByReason);
    componentFailures = Map.copyOf(componentFailures);
    openCircuits = List.copyOf(openCircuits);
  }

  /**
   * Returns whether every component is in service (no circuit open).
   *
   * @return true if no circuit is open
   */
  public boolean healthy() {
    return openCircuits.isEmpty();
  }
}
