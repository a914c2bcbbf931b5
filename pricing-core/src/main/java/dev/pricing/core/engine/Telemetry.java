package dev.pricing.core.engine;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.ReasonCode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The telemetry stage: decision and fallback counts, fallbacks by reason, failures outside any guarded
 * component, baseline-cache hits and misses, and the latency histogram behind {@code health()}.
 *
 * <p>What every decision counts is written without an atomic instruction: each pricing thread's context owns
 * a {@link Local} (registered here when the context is created) whose counters only that thread writes, with
 * plain ordered stores, and whose latencies go into a ring of {@link #RING} slots. A reader sums the locals'
 * counters and drains their rings into one histogram under this object's lock; an owner drains its own ring
 * (under the same lock) only when the ring is full, once per {@link #RING} decisions. So {@code health()}
 * sees every decision that completed before it, from any thread, and a decision performs no locked
 * read-modify-write here (each of which on x86 also waits for the thread's pending stores). The rare
 * counts (fallbacks, failures) stay {@link LongAdder}s.
 *
 * <p>A local whose thread has ended is folded into retired totals (its ring drained first) when a new one is
 * registered or a reader comes, so threads that come and go do not make the list grow.
 *
 * <p>Thread-safe.
 */
final class Telemetry {
  /** Latencies above a minute are recorded as a minute. */
  private static final long MAX_RECORDED_NANOS = 60_000_000_000L;
  /** Latency slots per thread between drains (a power of two). */
  static final int RING = 256;

  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder[] fallbackByReason = new LongAdder[ReasonCode.values().length];
  private final LongAdder engineFailures = new LongAdder();
  private final LongAdder listenerFailures = new LongAdder();

  // Guarded by this.
  private final Histogram latencyTotal = new Histogram(MAX_RECORDED_NANOS, 2);
  private final List<Local> locals = new ArrayList<>();
  private int sweepAt = 16;
  private long retiredDecisions;
  private long retiredHits;
  private long retiredMisses;

  /**
   * One thread's counters and latency ring. Written by its owner only; read by any thread through
   * {@link Telemetry}.
   */
  static final class Local {
    private static final VarHandle DECISIONS;
    private static final VarHandle HITS;
    private static final VarHandle MISSES;
    private static final VarHandle WRITTEN;
    private static final VarHandle CONSUMED;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        DECISIONS = l.findVarHandle(Local.class, "decisions", long.class);
        HITS = l.findVarHandle(Local.class, "hits", long.class);
        MISSES = l.findVarHandle(Local.class, "misses", long.class);
        WRITTEN = l.findVarHandle(Local.class, "written", long.class);
        CONSUMED = l.findVarHandle(Local.class, "consumed", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Thread owner;
    private final long[] ring = new long[RING];
    private long decisions;
    private long hits;
    private long misses;
    /** Latencies written (owner; release stores), and drained (under the telemetry's lock). */
    private long written;
    private long consumed;

    private Local(Thread owner) {
      this.owner = owner;
    }

    /** Counts a baseline-cache hit (owner thread only). */
    void cacheHit() {
      HITS.setOpaque(this, hits + 1);
    }

    /** Counts a baseline-cache miss (owner thread only). */
    void cacheMiss() {
      MISSES.setOpaque(this, misses + 1);
    }
  }

  Telemetry() {
    for (int r = 0; r < fallbackByReason.length; r++) {
      fallbackByReason[r] = new LongAdder();
    }
  }

  /** A new local for the calling thread (its context's), registered so that readers see its counts. */
  synchronized Local register() {
    if (locals.size() >= sweepAt) {
      sweep();
      sweepAt = Math.max(16, 2 * locals.size());
    }
    Local l = new Local(Thread.currentThread());
    locals.add(l);
    return l;
  }

  /** Counts one decision and records its latency (on the thread that owns {@code local}). */
  void record(PriceDecision decision, long elapsedNanos, Local local) {
    long w = local.written;
    if (w - (long) Local.CONSUMED.getAcquire(local) == RING) {
      synchronized (this) {
        drain(local);
      }
    }
    local.ring[(int) w & (RING - 1)] = Math.min(Math.max(elapsedNanos, 0), MAX_RECORDED_NANOS);
    Local.WRITTEN.setRelease(local, w + 1);
    Local.DECISIONS.setOpaque(local, local.decisions + 1);
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

  /** Moves a local's recorded latencies into the total (holding this object's lock). */
  private void drain(Local l) {
    long w = (long) Local.WRITTEN.getAcquire(l);
    for (long i = l.consumed; i < w; i++) {
      latencyTotal.recordValue(l.ring[(int) i & (RING - 1)]);
    }
    Local.CONSUMED.setRelease(l, w);
  }

  /** Folds the locals of ended threads into the retired totals (holding this object's lock). */
  private void sweep() {
    for (int i = locals.size() - 1; i >= 0; i--) {
      Local l = locals.get(i);
      if (!l.owner.isAlive()) {
        drain(l);
        retiredDecisions += (long) Local.DECISIONS.getOpaque(l);
        retiredHits += (long) Local.HITS.getOpaque(l);
        retiredMisses += (long) Local.MISSES.getOpaque(l);
        locals.set(i, locals.get(locals.size() - 1));
        locals.remove(locals.size() - 1);
      }
    }
  }

  /** @return the number of registered locals (ended threads' are folded on the next registration or read) */
  synchronized int localCount() {
    sweep();
    return locals.size();
  }

  void engineFailure() {
    engineFailures.increment();
  }

  void listenerFailure() {
    listenerFailures.increment();
  }

  synchronized long decisions() {
    long n = retiredDecisions;
    for (Local l : locals) {
      n += (long) Local.DECISIONS.getOpaque(l);
    }
    return n;
  }

  /** @return {baseline-cache hits, misses} counted by every thread */
  synchronized long[] cacheStats() {
    long h = retiredHits;
    long m = retiredMisses;
    for (Local l : locals) {
      h += (long) Local.HITS.getOpaque(l);
      m += (long) Local.MISSES.getOpaque(l);
    }
    return new long[] {h, m};
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
    synchronized (this) {
      sweep();
      for (Local l : locals) {
        drain(l);
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
