package dev.pricing.core.explore;

import dev.pricing.core.budget.BudgetStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges a {@link BanditExplorer}'s sufficient statistics with the rest of the fleet through a
 * {@link CellStatsStore}: on each {@link #syncNow()} it pushes the outcomes this JVM recorded since the last sync
 * and {@link BanditExplorer#absorb absorbs} the ones every other JVM pushed, so each explorer learns from the
 * whole fleet's outcomes with a delay of one sync interval. A Beta-Bernoulli cell's statistics are sums, so the
 * merge is exact: with syncs after every outcome, N JVMs learn as one.
 *
 * <p>Failures: a sync that fails changes nothing and its counts go with the next one. A sync whose reply is
 * lost after the store applied it pushes those counts again (at least once): the only error is that
 * double-count, which a lost reply bounds to one interval's outcomes. Outcomes absorbed locally are never pushed
 * back.
 *
 * <p>Thread-safe: {@link #syncNow()} is serialised; the explorer keeps serving while it runs. {@link #start}
 * runs it on a daemon thread every interval; {@link #close()} stops that thread after one last sync attempt.
 */
public final class FleetLearner implements AutoCloseable {
  private final BanditExplorer explorer;
  private final CellStatsStore store;
  private final String poolId;
  private final Map<String, long[]> lastLocal = new HashMap<>(); // explorer totals after the last sync
  private final Map<String, long[]> lastGlobal = new HashMap<>(); // store totals at the last sync
  private Thread thread;
  private volatile boolean closed;
  private long syncs;
  private long failures;
  private long absorbed;

  private FleetLearner(BanditExplorer explorer, CellStatsStore store, String poolId) {
    this.explorer = Objects.requireNonNull(explorer, "explorer");
    this.store = Objects.requireNonNull(store, "store");
    this.poolId = BudgetStore.checkId(poolId);
  }

  /**
   * A learner synced by the caller ({@link #syncNow()}).
   *
   * @param explorer the explorer
   * @param store the store
   * @param poolId the pool shared by the fleet's explorers of one configuration
   * @return the learner
   */
  public static FleetLearner manual(BanditExplorer explorer, CellStatsStore store, String poolId) {
    return new FleetLearner(explorer, store, poolId);
  }

  /**
   * A learner that syncs on a daemon thread ({@code pricing-fleet-learner}) every interval.
   *
   * @param explorer the explorer
   * @param store the store
   * @param poolId the pool
   * @param every the interval, at least 10 ms
   * @return the learner, started
   */
  public static FleetLearner start(BanditExplorer explorer, CellStatsStore store, String poolId, Duration every) {
    Objects.requireNonNull(every, "every");
    if (every.toMillis() < 10) {
      throw new IllegalArgumentException("every must be at least 10 ms, found " + every);
    }
    FleetLearner l = new FleetLearner(explorer, store, poolId);
    long ms = every.toMillis();
    l.thread = new Thread(() -> {
      while (!l.closed) {
        try {
          Thread.sleep(ms);
        } catch (InterruptedException e) {
          return;
        }
        try {
          l.syncNow();
        } catch (RuntimeException e) {
          // counted in failures(); retried next interval
        }
      }
    }, "pricing-fleet-learner");
    l.thread.setDaemon(true);
    l.thread.start();
    return l;
  }

  /**
   * Pushes this JVM's new outcomes and absorbs everyone else's.
   *
   * @throws RuntimeException what the store throws when it cannot be reached (nothing changed)
   */
  public synchronized void syncNow() {
    List<CellStats> cur = explorer.stats();
    List<CellStats> own = new ArrayList<>();
    Map<String, long[]> curMap = new HashMap<>();
    for (CellStats c : cur) {
      String k = key(c.productId(), c.priceMinor());
      long[] prev = lastLocal.getOrDefault(k, new long[2]);
      long dt = c.trials() - prev[0];
      long dc = Math.max(0, Math.min(dt, c.conversions() - prev[1]));
      curMap.put(k, new long[] {c.trials(), c.conversions()});
      if (dt > 0) {
        own.add(new CellStats(c.productId(), c.priceMinor(), dt, dc));
      }
    }
    List<CellStats> totals;
    try {
      totals = store.addAndGet(poolId, own);
    } catch (RuntimeException e) {
      failures++;
      throw e;
    }
    Map<String, long[]> ownMap = new HashMap<>();
    for (CellStats o : own) {
      ownMap.put(key(o.productId(), o.priceMinor()), new long[] {o.trials(), o.conversions()});
    }
    for (CellStats t : totals) {
      String k = key(t.productId(), t.priceMinor());
      long[] g = lastGlobal.getOrDefault(k, new long[2]);
      long[] mine = ownMap.getOrDefault(k, new long[2]);
      long ot = t.trials() - g[0] - mine[0];
      long oc = Math.max(0, Math.min(ot, t.conversions() - g[1] - mine[1]));
      if (ot > 0) {
        explorer.absorb(new CellStats(t.productId(), t.priceMinor(), ot, oc));
        absorbed += ot;
        long[] local = curMap.computeIfAbsent(k, x -> new long[2]);
        local[0] += ot;
        local[1] += oc;
      }
      lastGlobal.put(k, new long[] {t.trials(), t.conversions()});
    }
    lastLocal.clear();
    lastLocal.putAll(curMap);
    syncs++;
  }

  /** @return successful syncs */
  public synchronized long syncs() {
    return syncs;
  }

  /** @return failed syncs */
  public synchronized long failures() {
    return failures;
  }

  /** @return outcomes absorbed from other JVMs */
  public synchronized long absorbed() {
    return absorbed;
  }

  /** Stops the background thread (if any) after one last sync attempt. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      syncNow();
    } catch (RuntimeException e) {
      // the store is unreachable: these outcomes stay local
    }
  }

  static String key(String productId, long priceMinor) {
    return priceMinor + ":" + productId;
  }

  static CellStats cell(String key, long trials, long conversions) {
    int i = key.indexOf(':');
    return new CellStats(key.substring(i + 1), Long.parseLong(key.substring(0, i)), trials, conversions);
  }

  static void check(CellStats d) {
    if (d.trials() < 0 || d.conversions() < 0 || d.conversions() > d.trials()) {
      throw new IllegalArgumentException("deltas must have 0 <= conversions <= trials, found trials=" + d.trials()
          + ", conversions=" + d.conversions() + " for " + d.productId() + " at " + d.priceMinor());
    }
  }
}
