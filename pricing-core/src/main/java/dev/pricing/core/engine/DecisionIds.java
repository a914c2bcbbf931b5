package dev.pricing.core.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decision ids: unique within the engine, taken from one counter in blocks so threads do not contend per
 * decision. Thread-safe.
 */
final class DecisionIds {
  /** Ids per block a thread takes. */
  static final int BLOCK = 1024;
  /** Keeps decision-id ranges of engines built in the same JVM apart (see {@link #firstId()}). */
  private static final AtomicLong LAST_SEED = new AtomicLong();

  private final AtomicLong blocks = new AtomicLong(firstId());

  /**
   * The first decision id of a new engine: the wall clock in milliseconds times 2^16, so an engine started
   * after a restart continues above the previous run's ids (unless it made more than 65,536 decisions per
   * millisecond of uptime), and at least 2^32 above the previous engine built in this JVM.
   */
  private static long firstId() {
    long fromClock = System.currentTimeMillis() << 16;
    return LAST_SEED.accumulateAndGet(fromClock, (prev, clock) -> Math.max(prev + (1L << 32), clock));
  }

  long next(RequestContext c) {
    if (c.nextId == c.idLimit) {
      c.nextId = blocks.getAndAdd(BLOCK);
      c.idLimit = c.nextId + BLOCK;
    }
    return c.nextId++;
  }
}
