package dev.pricing.core.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One JVM's leases on a {@link BudgetStore}: a single background thread (a daemon named
 * {@code pricing-budget-leases}) that, for every {@link LeasedQuota} opened here, reports spend, renews the
 * lease and refills the chunk, every {@link LeasePolicy#syncInterval()} and at once when a chunk runs low; and,
 * for every {@link CustomerCap} opened here, confirms the coupons granted (at once after a grant) and checks the
 * store every {@link CustomerCapPolicy#syncInterval()}. The
 * pricing thread never waits on it. When the store fails, the thread retries with a back-off from 50 ms to 1 s.
 *
 * <p>{@link #close()} stops the thread and returns every unspent lease to the store (one attempt each; a lease
 * that cannot be returned expires by its time to live). It does not close the store. Idempotent.
 *
 * <p>Thread-safe.
 */
public final class BudgetLeases implements AutoCloseable {
  private final BudgetStore store;
  private final String holderId;
  private final LongSupplier nanos;
  private final List<LeasedQuota> quotas = new CopyOnWriteArrayList<>();
  private final List<CustomerCap> caps = new CopyOnWriteArrayList<>();
  /** What the background thread syncs: every quota and cap, in the order opened. */
  private final List<Participant> participants = new CopyOnWriteArrayList<>();
  private final LongSupplier wallMillis;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;
  private volatile long tickMillis = 250;

  /** One quota or cap as the background thread sees it. */
  private record Participant(String id, long intervalNanos, BooleanSupplier urgent,
      java.util.function.Consumer<BudgetStore> sync, java.util.function.Consumer<BudgetStore> release,
      LongSupplier syncs) {}

  private BudgetLeases(BudgetStore store, String holderId, LongSupplier nanos, LongSupplier wallMillis,
      boolean background) {
    this.store = Objects.requireNonNull(store, "store");
    this.holderId = BudgetStore.checkHolder(holderId);
    this.nanos = nanos;
    this.wallMillis = wallMillis;
    if (background) {
      thread = new Thread(this::run, "pricing-budget-leases");
      thread.setDaemon(true);
      thread.start();
    } else {
      thread = null;
    }
  }

  /**
   * Opens leases on a store with a holder id unique to this JVM (process id and a random suffix).
   *
   * @param store the store
   * @return the leases, with their background thread started
   */
  public static BudgetLeases open(BudgetStore store) {
    return open(store, defaultHolderId());
  }

  /**
   * Opens leases on a store under a given holder id (unique across the fleet: two JVMs with one id would share
   * one lease).
   *
   * @param store the store
   * @param holderId the holder id (letters, digits, {@code . _ : -})
   * @return the leases, with their background thread started
   */
  public static BudgetLeases open(BudgetStore store, String holderId) {
    return new BudgetLeases(store, holderId, System::nanoTime, System::currentTimeMillis, true);
  }

  /** Leases without a background thread, synced by {@link #syncDue()} (deterministic tests). */
  static BudgetLeases manual(BudgetStore store, String holderId, LongSupplier nanos) {
    return manual(store, holderId, nanos, () -> nanos.getAsLong() / 1_000_000);
  }

  /** Leases without a background thread on a given wall clock too (deterministic tests of customer caps). */
  static BudgetLeases manual(BudgetStore store, String holderId, LongSupplier nanos, LongSupplier wallMillis) {
    return new BudgetLeases(store, holderId, nanos, wallMillis, false);
  }

  /** @return a holder id unique to this JVM: {@code pid-<pid>-<8 hex>} */
  public static String defaultHolderId() {
    return String.format(Locale.ROOT, "pid-%d-%08x", ProcessHandle.current().pid(),
        ThreadLocalRandom.current().nextInt());
  }

  /**
   * Opens this JVM's quota of a budget, creating the budget with this limit in the store if it has none (an
   * existing budget keeps its limit). Returns at once; the quota holds nothing until the first sync
   * ({@link #awaitFirstSync} waits for it at start-up).
   *
   * @param budgetId the budget id
   * @param limit the limit, non-negative
   * @param policy the lease policy
   * @return the quota
   * @throws IllegalArgumentException if the id is invalid or already opened here, or the limit is negative
   * @throws IllegalStateException if closed
   */
  public LeasedQuota quota(String budgetId, long limit, LeasePolicy policy) {
    BudgetStore.checkId(budgetId);
    synchronized (quotas) {
      if (closed) {
        throw new IllegalStateException("BudgetLeases is closed");
      }
      checkNotOpened(budgetId);
      LeasedQuota q = new LeasedQuota(budgetId, holderId, limit, policy, nanos, wake::release);
      quotas.add(q);
      register(new Participant(budgetId, policy.syncInterval().toNanos(), q::refillRequested, q::sync, q::release,
          q::syncs));
      return q;
    }
  }

  /**
   * Opens this JVM's side of a per-customer coupon cap shared by the fleet: at most {@code maxPerCustomer}
   * coupons per customer and window across every JVM that opens the same cap id on the same store, plus at most
   * {@link CustomerCapPolicy#maxInFlightPerCustomer()} per JVM while confirmations are in flight (see
   * {@link CustomerCap}). Creates the cap in the store with this limit if it has none (an existing cap keeps
   * its own). Returns at once; the cap grants nothing until its first sync.
   *
   * @param capId the cap's id in the store (letters, digits, {@code . _ : -}); it is a budget id, so it must
   *     differ from every budget opened here
   * @param maxPerCustomer the most coupons per customer and window, non-negative
   * @param window the window's length, at least 1 s (windows are its multiples since the epoch on the wall
   *     clock: one day means UTC days)
   * @param policy how coupons are confirmed
   * @return the cap
   * @throws IllegalArgumentException if the id is invalid or already opened here, or an argument is out of range
   * @throws IllegalStateException if closed
   */
  public CustomerCap customerCap(String capId, long maxPerCustomer, java.time.Duration window,
      CustomerCapPolicy policy) {
    BudgetStore.checkId(capId);
    synchronized (quotas) {
      if (closed) {
        throw new IllegalStateException("BudgetLeases is closed");
      }
      checkNotOpened(capId);
      CustomerCap c = new CustomerCap(capId, holderId, maxPerCustomer, window, policy, wallMillis, nanos,
          wake::release, true);
      caps.add(c);
      register(new Participant(capId, policy.syncInterval().toNanos(), c::syncRequested, c::sync, c::release,
          c::syncs));
      return c;
    }
  }

  private void checkNotOpened(String id) {
    for (Participant p : participants) {
      if (p.id().equals(id)) {
        throw new IllegalArgumentException("budgetId " + id + " is already opened by these leases");
      }
    }
  }

  private void register(Participant p) {
    participants.add(p);
    long t = tickMillis;
    for (Participant o : participants) {
      t = Math.min(t, Math.max(10, o.intervalNanos() / 1_000_000));
    }
    tickMillis = t;
    wake.release();
  }

  /**
   * Waits until every quota opened so far has synced once, or the timeout passes (start-up and tests only; never
   * on a pricing thread).
   *
   * @param timeoutMillis the most to wait
   * @return whether all have synced
   * @throws InterruptedException if interrupted
   */
  public boolean awaitFirstSync(long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      boolean all = true;
      for (Participant p : participants) {
        all &= p.syncs().getAsLong() > 0;
      }
      if (all) {
        return true;
      }
      if (System.nanoTime() - end >= 0) {
        return false;
      }
      Thread.sleep(5);
    }
  }

  /** @return the holder id */
  public String holderId() {
    return holderId;
  }

  /** @return the store */
  public BudgetStore store() {
    return store;
  }

  /** @return the quotas opened here */
  public List<LeasedQuota> quotas() {
    return List.copyOf(quotas);
  }

  /** @return the customer caps opened here */
  public List<CustomerCap> customerCaps() {
    return List.copyOf(caps);
  }

  private void run() {
    long backoffMillis = 0;
    long[] lastSync = new long[0];
    List<Participant> seen = new ArrayList<>();
    while (!closed) {
      List<Participant> qs = List.copyOf(participants);
      if (qs.size() != seen.size()) {
        long[] n = new long[qs.size()];
        System.arraycopy(lastSync, 0, n, 0, Math.min(lastSync.length, n.length));
        for (int i = lastSync.length; i < n.length; i++) {
          n[i] = Long.MIN_VALUE;
        }
        lastSync = n;
        seen = qs;
      }
      boolean failed = false;
      long now = nanos.getAsLong();
      for (int i = 0; i < qs.size() && !closed; i++) {
        Participant q = qs.get(i);
        boolean due = lastSync[i] == Long.MIN_VALUE || q.urgent().getAsBoolean()
            || now - lastSync[i] >= q.intervalNanos();
        if (due) {
          try {
            q.sync().accept(store);
            lastSync[i] = nanos.getAsLong();
          } catch (RuntimeException e) {
            failed = true; // recorded by the quota; retried after the back-off
          }
        }
      }
      long wait;
      if (failed) {
        backoffMillis = backoffMillis == 0 ? 50 : Math.min(1000, backoffMillis * 2);
        wait = backoffMillis;
      } else {
        backoffMillis = 0;
        wait = tickMillis;
      }
      try {
        if (failed) {
          Thread.sleep(wait); // a wake-up must not defeat the back-off
        } else if (wake.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Syncs every quota once now, on the calling thread (manual mode and tests); store failures propagate. */
  void syncDue() {
    for (Participant p : participants) {
      p.sync().accept(store);
    }
  }

  /**
   * Stops the background thread, returns every lease and confirms every cap's unconfirmed coupons (one attempt
   * each). Idempotent.
   */
  @Override
  public void close() {
    synchronized (quotas) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Participant p : participants) {
      try {
        p.release().accept(store);
      } catch (RuntimeException e) {
        // the store is unreachable: the lease expires by its time to live
      }
    }
  }

  @Override
  public String toString() {
    return "BudgetLeases{" + holderId + ", " + quotas + ", " + caps + "}";
  }
}
