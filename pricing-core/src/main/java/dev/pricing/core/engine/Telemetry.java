package dev.pricing.core.engine;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The telemetry stage: decision and fallback counts, fallbacks by reason, failures outside any guarded
 * component, and the latency histogram behind {@code health()}. Thread-safe: counters are
 * {@link LongAdder}s and latencies go through striped HdrHistogram {@link Recorder}s (wait-free for
 * writers), merged when {@code health()} reads them.
 */
final class Telemetry {
  /** Latencies above a minute are recorded as a minute. */
  private static final long MAX_RECORDED_NANOS = 60_000_000_000L;

  private final LongAdder decisions = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder[] fallbackByReason = new LongAdder[ReasonCode.values().length];
  private final LongAdder engineFailures = new LongAdder();
  private final LongAdder listenerFailures = new LongAdder();
  /**
   * Latency recorders, one per stripe: a thread records into the stripe its context was given, so that
   * pricing threads do not contend on one recorder's phaser counters and count array (one recorder's
   * {@code recordValue} increments two shared atomic counters and a shared count array, which two threads
   * pricing at once would keep stealing from each other's caches).
   */
  private final Recorder[] latency;
  private final Histogram[] latencyInterval;
  private final Histogram latencyTotal = new Histogram(MAX_RECORDED_NANOS, 2);

  Telemetry() {
    this(stripes(Runtime.getRuntime().availableProcessors()));
  }

  Telemetry(int stripes) {
    for (int r = 0; r < fallbackByReason.length; r++) {
      fallbackByReason[r] = new LongAdder();
    }
    this.latency = new Recorder[stripes];
    this.latencyInterval = new Histogram[stripes];
    for (int s = 0; s < stripes; s++) {
      latency[s] = new Recorder(MAX_RECORDED_NANOS, 2);
    }
  }

  /** Stripes for a number of processors: the next power of two of twice as many, at most 8 (a power of two). */
  static int stripes(int processors) {
    return Math.min(8, Integer.highestOneBit(Math.max(2 * processors - 1, 1)) << 1);
  }

  /** @return the number of latency stripes (a power of two) */
  int stripeCount() {
    return latency.length;
  }

  /** Counts one decision and records its latency in stripe {@code stripe & (stripeCount() - 1)}. */
  void record(PriceDecision decision, long elapsedNanos, int stripe) {
    latency[stripe & (latency.length - 1)].recordValue(Math.min(Math.max(elapsedNanos, 0), MAX_RECORDED_NANOS));
    decisions.increment();
    if (decision.fallback()) {
      fallbacks.increment();
      List<ReasonCode> rs = decision.reasons();
      for (int i = 0, n = rs.size(); i < n; i++) {
        if (rs.get(i).fallback()) {
          fallbackByReason[rs.get(i).ordinal()].increment();
        }
      }
    }
  }

  void engineFailure() {
    engineFailures.increment();
  }

  void listenerFailure() {
    listenerFailures.increment();
  }

  long decisions() {
    return decisions.sum();
  }

  long fallbacks() {
    return fallbacks.sum();
  }

  long fallbacks(ReasonCode r) {
    return fallbackByReason[r.ordinal()].sum();
  }

  long engineFailures() {
    return engineFailures.sum();
  }

  long listenerFailures() {
    return listenerFailures.sum();
  }

  /** The latency histogram since the engine started: p50, p99, p99.9 and max, in nanoseconds. */
  long[] latencyPercentiles() {
    Histogram h;
    synchronized (latencyTotal) {
      for (int s = 0; s < latency.length; s++) {
        latencyInterval[s] = latency[s].getIntervalHistogram(latencyInterval[s]);
        latencyTotal.add(latencyInterval[s]);
      }
      h = latencyTotal.copy();
    }
    return new long[] {h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
        h.getMaxValue()};
  }

  static void collect(CircuitBreaker b, long now, Map<String, Long> failures, List<String> open) {
    long n = b.failures();
    if (n > 0) {
      failures.merge(b.component(), n, Long::sum);
    }
    if (b.openNow(now)) {
      open.add(b.component());
    }
  }
}
