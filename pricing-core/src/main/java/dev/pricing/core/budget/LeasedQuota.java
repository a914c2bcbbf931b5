package dev.pricing.core.budget;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * This JVM's share of one shared budget: the chunk it holds under a lease from the {@link BudgetStore}. The
 * pricing thread calls {@link #tryAcquire}, which only touches local state (a short lock, no I/O); the owning
 * {@link BudgetLeases} reports the spend and refills the chunk on its background thread.
 *
 * <p>When the store cannot be reached, the local chunk stays spendable until 4/5 of the lease's time to live
 * after the last successful sync was sent (the store's lease lasts at least that long), then acquisitions are
 * refused ({@link State#STALE}) until a sync succeeds again. When the store does not know the budget (lost it),
 * acquisitions are refused ({@link State#UNKNOWN}); the quota is never re-created from this side.
 *
 * <p>Thread-safe.
 */
public final class LeasedQuota {
  /** The quota's state. Immutable and thread-safe (an enum). */
  public enum State {
    /** Not yet synced with the store: nothing to spend yet. */
    STARTING,
    /** Holding a live lease. */
    ACTIVE,
    /** The store has not answered for longer than the lease is known to last: nothing is spent. */
    STALE,
    /** The store does not know the budget: nothing is spent. */
    UNKNOWN,
    /** Released. */
    CLOSED
  }

  private final String budgetId;
  private final String holderId;
  private final long requestedLimit;
  private final LeasePolicy policy;
  private final LongSupplier nanos;
  private final Runnable wake;
  private final long validNanos;

  // guarded by this
  private boolean defined;
  private boolean unknown;
  private boolean closed;
  private long limit;
  private long held;
  private long unreported;
  private long spentLocal;
  private long deadline;
  private boolean everSynced;
  private long chunk;
  private long maxSingle;
  private double rate; // units per second, EWMA
  private long lastSyncNanos;
  private long spentAtLastSync;
  private long lastAvailable;
  private long lastFleetSpent;
  private long refusals;
  private long syncs;
  private long failures;
  private String lastError = "";
  private volatile boolean refillRequested;

  LeasedQuota(String budgetId, String holderId, long limit, LeasePolicy policy, LongSupplier nanos,
      Runnable wake) {
    this.budgetId = BudgetStore.checkId(budgetId);
    this.holderId = BudgetStore.checkHolder(holderId);
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, found " + limit);
    }
    this.requestedLimit = limit;
    this.limit = limit;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.nanos = nanos;
    this.wake = wake;
    this.validNanos = policy.ttl().toNanos() / 5 * 4;
    this.chunk = policy.minChunk();
  }

  /**
   * Takes {@code units} from the local chunk if it holds that much under a live lease. Never blocks on the
   * store; when the chunk runs low the background refill is woken.
   *
   * @param units the units, non-negative
   * @return whether they were taken (counted as spent by this JVM)
   * @throws IllegalArgumentException if units is negative
   */
  public boolean tryAcquire(long units) {
    return tryAcquireAll(this, units, null, 0) == 0;
  }

  /**
   * Takes units from two quotas together, or from neither (for example money and a customer slot).
   *
   * @param a the first quota
   * @param unitsA the units from {@code a}, non-negative
   * @param b the second quota, or null
   * @param unitsB the units from {@code b}, non-negative
   * @return 0 when both were taken, 1 when {@code a} could not give its units, 2 when {@code b} could not
   * @throws IllegalArgumentException if a unit count is negative
   */
  public static int tryAcquireAll(LeasedQuota a, long unitsA, LeasedQuota b, long unitsB) {
    if (unitsA < 0) {
      throw new IllegalArgumentException("units must not be negative, found " + unitsA);
    }
    if (unitsB < 0) {
      throw new IllegalArgumentException("units must not be negative, found " + unitsB);
    }
    long now = a.nanos.getAsLong();
    synchronized (a) {
      if (!a.canTake(unitsA, now)) {
        return 1;
      }
      if (b == null) {
        a.take(unitsA);
        return 0;
      }
      synchronized (b) {
        if (!b.canTake(unitsB, now)) {
          return 2;
        }
        a.take(unitsA);
        b.take(unitsB);
        return 0;
      }
    }
  }

  private boolean canTake(long units, long now) {
    if (closed || unknown || !everSynced) {
      refusals++;
      return false;
    }
    if (now - deadline >= 0) {
      held = 0; // the store may already have given this quota to others
      refusals++;
      return false;
    }
    if (units > maxSingle) {
      maxSingle = Math.min(units, policy.maxChunk());
    }
    if (held < units) {
      refusals++;
      requestRefill();
      return false;
    }
    return true;
  }

  private void take(long units) {
    held -= units;
    unreported += units;
    spentLocal += units;
    if (held < chunk / 2) {
      requestRefill();
    }
  }

  private void requestRefill() {
    if (!refillRequested) {
      refillRequested = true;
      wake.run();
    }
  }

  boolean refillRequested() {
    return refillRequested;
  }

  /** One sync with the store; called by the background thread only. Throws when the store fails. */
  void sync(BudgetStore store) {
    long sentAt = nanos.getAsLong();
    long delta;
    long want;
    synchronized (this) {
      if (closed) {
        return;
      }
      refillRequested = false;
      delta = unreported;
      want = target(sentAt);
      unreported = 0;
    }
    LeaseGrant g;
    try {
      if (!defined) {
        long inForce = store.define(budgetId, requestedLimit);
        synchronized (this) {
          defined = true;
          limit = inForce;
        }
      }
      g = store.sync(budgetId, holderId, delta, want, policy.ttl().toMillis());
    } catch (RuntimeException e) {
      synchronized (this) {
        unreported += delta;
        failures++;
        lastError = e.toString();
      }
      throw e;
    }
    synchronized (this) {
      syncs++;
      if (!g.known()) {
        unknown = true;
        held = 0;
        unreported += delta; // cannot be reported anywhere; kept for the record
        return;
      }
      unknown = false;
      everSynced = true;
      limit = g.limit();
      held = Math.max(0, g.held() - unreported); // spends during the call came out of the old chunk
      deadline = sentAt + validNanos;
      lastAvailable = g.available();
      lastFleetSpent = g.spent();
    }
  }

  /** Returns the lease; called on close. Throws when the store fails (the lease then expires by itself). */
  void release(BudgetStore store) {
    long delta;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      held = 0;
      delta = unreported;
      unreported = 0;
    }
    if (!defined) {
      return;
    }
    LeaseGrant g = store.release(budgetId, holderId, delta);
    synchronized (this) {
      lastAvailable = g.available();
      lastFleetSpent = g.spent();
    }
  }

  private long target(long now) {
    double seconds = (now - lastSyncNanos) / 1e9;
    if (syncs > 0 && seconds > 1e-3) {
      double inst = (spentLocal - spentAtLastSync) / seconds;
      rate = rate == 0 ? inst : 0.7 * rate + 0.3 * inst;
    }
    lastSyncNanos = now;
    spentAtLastSync = spentLocal;
    double horizon = policy.refillHorizon().toNanos() / 1e9;
    long byRate = (long) Math.min(Long.MAX_VALUE / 4, Math.ceil(rate * horizon));
    long floor = Math.max(policy.minChunk(), Math.min(2 * maxSingle, policy.maxChunk()));
    chunk = Math.min(policy.maxChunk(), Math.max(floor, byRate));
    return chunk;
  }

  /** @return the budget id */
  public String budgetId() {
    return budgetId;
  }

  /** @return the policy */
  public LeasePolicy policy() {
    return policy;
  }

  /** @return the state now */
  public synchronized State state() {
    if (closed) {
      return State.CLOSED;
    }
    if (unknown) {
      return State.UNKNOWN;
    }
    if (!everSynced) {
      return State.STARTING;
    }
    return nanos.getAsLong() - deadline >= 0 ? State.STALE : State.ACTIVE;
  }

  /** @return the units this JVM may still spend now (0 unless {@link State#ACTIVE}) */
  public synchronized long held() {
    return !closed && !unknown && everSynced && nanos.getAsLong() - deadline < 0 ? held : 0;
  }

  /** @return the units this JVM has spent from this budget since it opened it */
  public synchronized long spentLocally() {
    return spentLocal;
  }

  /** @return spend not yet reported to the store */
  public synchronized long unreported() {
    return unreported;
  }

  /** @return the budget's limit (the store's, once synced) */
  public synchronized long limit() {
    return limit;
  }

  /**
   * @return what the fleet may still spend as of the last sync: the pool's unleased quota plus this JVM's held
   *     chunk (other JVMs' chunks not included)
   */
  public synchronized long lastKnownRemaining() {
    return lastAvailable + held();
  }

  /** @return the fleet's reported spend as of the last sync */
  public synchronized long lastKnownFleetSpent() {
    return lastFleetSpent;
  }

  /** @return the chunk this JVM currently aims to hold */
  public synchronized long chunk() {
    return chunk;
  }

  /** @return the number of acquisitions refused */
  public synchronized long refusals() {
    return refusals;
  }

  /** @return the number of successful syncs */
  public synchronized long syncs() {
    return syncs;
  }

  /** @return the number of failed syncs */
  public synchronized long failures() {
    return failures;
  }

  /** @return the last store failure, or "" */
  public synchronized String lastError() {
    return lastError;
  }

  @Override
  public String toString() {
    return "LeasedQuota{" + budgetId + ", state=" + state() + ", held=" + held() + ", chunk=" + chunk()
        + ", spentLocally=" + spentLocally() + "}";
  }
}
