package dev.pricing.core.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A circuit breaker for one engine component. Closed: calls go through and consecutive failures are
 * counted. After {@code threshold} failures in a row it opens for {@code openNanos}: callers skip the
 * component. When that time has passed, exactly one caller wins the trial (its CAS moves the reopen time
 * forward, so the others keep skipping); a success closes the circuit, a failure opens it again.
 *
 * <p>Thread-safe and lock-free; a closed breaker costs one volatile read per call.
 */
final class CircuitBreaker {
  private final String component;
  private final int threshold;
  private final long openNanos;
  private final AtomicInteger consecutive = new AtomicInteger();
  /** System.nanoTime() until which the circuit is open; {@link Long#MIN_VALUE} when closed. */
  private final AtomicLong openUntil = new AtomicLong(Long.MIN_VALUE);
  private final LongAdder failures = new LongAdder();

  CircuitBreaker(String component, int threshold, long openNanos) {
    this.component = component;
    this.threshold = threshold;
    this.openNanos = openNanos;
  }

  /**
   * Returns whether the caller must skip the component now. A caller that finds the open period over and
   * wins the trial gets false (it calls the component and reports the result).
   */
  boolean isOpen(long now) {
    long until = openUntil.get();
    if (until == Long.MIN_VALUE) {
      return false;
    }
    if (now - until < 0) {
      return true;
    }
    // Half-open: one trial call; everyone else keeps skipping for another period.
    return !openUntil.compareAndSet(until, now + openNanos);
  }

  void success() {
    if (consecutive.get() != 0) {
      consecutive.set(0);
    }
    if (openUntil.get() != Long.MIN_VALUE) {
      openUntil.set(Long.MIN_VALUE);
    }
  }

  /**
   * Counts a failure; opens the circuit when the threshold of consecutive failures is reached.
   *
   * @return true if this failure is worth a log line: the first of a run, or the one that opened the circuit
   */
  boolean failure(long now) {
    failures.increment();
    int run = consecutive.incrementAndGet();
    if (run >= threshold) {
      openUntil.set(now + openNanos);
    }
    return run == 1 || run == threshold;
  }

  /** Closes the circuit and forgets the current run of failures (the component was replaced). */
  void reset() {
    consecutive.set(0);
    openUntil.set(Long.MIN_VALUE);
  }

  boolean openNow(long now) {
    long until = openUntil.get();
    return until != Long.MIN_VALUE && now - until < 0;
  }

  long failures() {
    return failures.sum();
  }

  String component() {
    return component;
  }
}
