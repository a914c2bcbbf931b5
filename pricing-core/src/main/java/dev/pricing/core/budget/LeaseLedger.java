package dev.pricing.core.budget;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The accounting of one budget, as {@link BudgetStore} specifies it: the reference implementation that the
 * in-memory store uses and the Redis store's Lua script mirrors. Not thread-safe: callers hold a lock.
 */
final class LeaseLedger {
  private final long limit;
  private long spent;
  private long outstanding;
  private long expired;
  private final Map<String, long[]> leases = new HashMap<>(); // holder -> {held, expiresAtMillis}
  private final Map<Long, Map<String, long[]>> counters = new HashMap<>(); // window -> key -> {count}
  private final Map<Long, Long> counterExpiry = new HashMap<>(); // window -> expiresAtMillis

  LeaseLedger(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, found " + limit);
    }
    this.limit = limit;
  }

  long limit() {
    return limit;
  }

  /** Returns the unspent quota of every lease expired at {@code nowMillis} to the pool. */
  void reap(long nowMillis) {
    for (Iterator<long[]> it = leases.values().iterator(); it.hasNext();) {
      long[] l = it.next();
      if (l[1] <= nowMillis) {
        outstanding -= l[0];
        expired++;
        it.remove();
      }
    }
  }

  LeaseGrant sync(String holder, long spentDelta, long want, long ttlMillis, long nowMillis) {
    reap(nowMillis);
    long[] l = leases.get(holder);
    long held = l == null ? 0 : l[0];
    spent = Math.addExact(spent, spentDelta);
    long used = Math.min(spentDelta, held);
    held -= used;
    outstanding -= used;
    if (want > held) {
      long grant = Math.min(want - held, Math.max(0, limit - spent - outstanding));
      held += grant;
      outstanding += grant;
    } else {
      outstanding -= held - want;
      held = want;
    }
    if (held > 0) {
      leases.put(holder, new long[] {held, nowMillis + ttlMillis});
    } else {
      leases.remove(holder);
    }
    return new LeaseGrant(true, held, available(), spent, limit);
  }

  LeaseGrant release(String holder, long spentDelta, long nowMillis) {
    LeaseGrant g = sync(holder, spentDelta, 0, 1, nowMillis);
    leases.remove(holder);
    return g;
  }

  /**
   * Adds to a window's counters (created at 0 with expiry {@code now + ttl} on the first addition; gone once
   * {@code now} is past the expiry, as a Redis key with that expiry would be).
   */
  CounterTotals addToCounters(long window, java.util.List<String> keys, long[] deltas, long ttlMillis,
      long nowMillis) {
    for (Iterator<Map.Entry<Long, Long>> it = counterExpiry.entrySet().iterator(); it.hasNext();) {
      Map.Entry<Long, Long> e = it.next();
      if (e.getValue() < nowMillis) {
        counters.remove(e.getKey());
        it.remove();
      }
    }
    Map<String, long[]> w = counters.get(window);
    if (w == null && !keys.isEmpty()) {
      w = new HashMap<>();
      counters.put(window, w);
      counterExpiry.put(window, nowMillis + ttlMillis);
    }
    Long[] totals = new Long[keys.size()];
    for (int i = 0; i < totals.length; i++) {
      long[] c = w.computeIfAbsent(keys.get(i), k -> new long[1]);
      c[0] = Math.addExact(c[0], deltas[i]);
      totals[i] = c[0];
    }
    return new CounterTotals(true, limit, java.util.Arrays.asList(totals));
  }

  BudgetSnapshot snapshot(long nowMillis) {
    reap(nowMillis);
    return new BudgetSnapshot(true, limit, spent, outstanding, leases.size(), expired);
  }

  long available() {
    return Math.max(0, limit - spent - outstanding);
  }

  /** @return the sum of every live lease's held quota (equals {@code outstanding}; for tests) */
  long sumHeld() {
    long s = 0;
    for (long[] l : leases.values()) {
      s += l[0];
    }
    return s;
  }

  long outstanding() {
    return outstanding;
  }

  long spent() {
    return spent;
  }
}
