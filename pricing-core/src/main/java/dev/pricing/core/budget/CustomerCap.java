package dev.pricing.core.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A cap on the coupons one customer may get in a window (for example 2 per promotion and UTC day), in one JVM
 * ({@link #local}) or across a fleet ({@link BudgetLeases#customerCap}). Windows are the multiples of the
 * window length since the epoch on the wall clock (for one day: UTC days).
 *
 * <p><b>Across a fleet.</b> {@link #tryAcquire} never waits on the store: it grants from what this JVM knows
 * (the customer's count in the store as of this JVM's last confirmation, plus its own unconfirmed grants) and
 * records the grant as unconfirmed; the owning {@link BudgetLeases}' background thread adds the unconfirmed
 * grants to the store's counters ({@link BudgetStore#addToCounters}, one atomic call per window) at once, and
 * adopts the totals the store answers, which include every other JVM's confirmed coupons. While
 * {@link CustomerCapPolicy#maxInFlightPerCustomer()} coupons of one customer await confirmation, that customer
 * gets no more here. So a customer gets at most {@code cap + JVMs x maxInFlightPerCustomer} coupons in a window,
 * and at most {@code cap} when all of the customer's requests reach one JVM (the proof is in
 * {@code docs/fleet.md}). When the store has not answered for {@link CustomerCapPolicy#staleAfter()}, or does
 * not know the cap, every coupon is refused ({@link Result#UNAVAILABLE}).
 *
 * <p><b>In one JVM</b> ({@link #local}) the count is exact: a customer gets at most {@code cap} coupons per
 * window.
 *
 * <p>Thread-safe: {@link #tryAcquire} takes this cap's lock for a map lookup and a few increments.
 */
public final class CustomerCap {
  /** What {@link #tryAcquire} did. Immutable and thread-safe (an enum). */
  public enum Result {
    /** The coupon was granted (and counted). */
    GRANTED,
    /** The customer has had the cap's coupons in this window. */
    LIMIT_REACHED,
    /** The customer's previous coupons from this JVM are still being confirmed with the store. */
    IN_FLIGHT,
    /** The store has not answered lately, does not know the cap, or this JVM tracks all the customers it may. */
    UNAVAILABLE,
    /** The cap allowed the coupon but the action taken with it declined (nothing was counted). */
    DECLINED
  }

  /** The cap's state. Immutable and thread-safe (an enum). */
  public enum State {
    /** Not yet synced with the store: nothing is granted yet. */
    STARTING,
    /** Granting. */
    ACTIVE,
    /** The store has not answered for longer than {@link CustomerCapPolicy#staleAfter()}: nothing is granted. */
    STALE,
    /** The store does not know the cap: nothing is granted. */
    UNKNOWN,
    /** Closed. */
    CLOSED
  }

  /** One customer in one window: its count in the store as last seen, and this JVM's unconfirmed coupons. */
  private static final class Entry {
    long known;
    int pending; // granted, not yet sent
    int sent; // granted, sent, not yet confirmed
  }

  private final String capId;
  private final long requestedCap;
  private final long windowMillis;
  private final CustomerCapPolicy policy;
  private final LongSupplier wallMillis;
  private final LongSupplier nanos;
  private final Runnable wake;
  private final boolean shared;
  private final String holderId;

  // guarded by this
  private final TreeMap<Long, Map<String, Entry>> windows = new TreeMap<>();
  private long window = Long.MIN_VALUE;
  private Map<String, Entry> current;
  private boolean defined;
  private boolean unknown;
  private boolean closed;
  private boolean everSynced;
  private long cap;
  private long deadline;
  private long unconfirmed;
  private long granted;
  private long refusals;
  private long syncs;
  private long failures;
  private String lastError = "";
  private volatile boolean syncRequested;

  CustomerCap(String capId, String holderId, long cap, Duration window, CustomerCapPolicy policy,
      LongSupplier wallMillis, LongSupplier nanos, Runnable wake, boolean shared) {
    this.capId = BudgetStore.checkId(capId);
    this.holderId = holderId;
    if (cap < 0) {
      throw new IllegalArgumentException("maxPerCustomer must not be negative, found " + cap);
    }
    Objects.requireNonNull(window, "window");
    if (window.toMillis() < 1000) {
      throw new IllegalArgumentException("window must be at least 1 s, found " + window);
    }
    this.requestedCap = cap;
    this.cap = cap;
    this.windowMillis = window.toMillis();
    this.policy = Objects.requireNonNull(policy, "policy");
    this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
    this.nanos = Objects.requireNonNull(nanos, "nanos");
    this.wake = wake;
    this.shared = shared;
  }

  /**
   * A cap counted in this JVM only, exactly: a customer gets at most {@code maxPerCustomer} coupons per window.
   *
   * @param maxPerCustomer the most coupons per customer and window, non-negative
   * @param window the window's length, at least 1 s (windows are its multiples since the epoch)
   * @return the cap
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static CustomerCap local(long maxPerCustomer, Duration window) {
    return local(maxPerCustomer, window, System::currentTimeMillis);
  }

  /**
   * A local cap on a given wall clock (tests and simulations).
   *
   * @param maxPerCustomer the most coupons per customer and window, non-negative
   * @param window the window's length, at least 1 s
   * @param wallMillis the wall clock in milliseconds since the epoch
   * @return the cap
   */
  public static CustomerCap local(long maxPerCustomer, Duration window, LongSupplier wallMillis) {
    return new CustomerCap("local", "local", maxPerCustomer, window,
        CustomerCapPolicy.defaults().withMaxTrackedCustomers(Integer.MAX_VALUE), wallMillis, System::nanoTime,
        null, false);
  }

  /**
   * Grants the customer one coupon if the cap allows it.
   *
   * @param customerId the customer, 1 to 512 characters
   * @return the result; nothing is counted unless it is {@link Result#GRANTED}
   * @throws IllegalArgumentException if the customer id is empty or too long
   */
  public Result tryAcquire(String customerId) {
    return tryAcquire(customerId, null);
  }

  /**
   * Grants the customer one coupon if the cap allows it and {@code alongside} (run under this cap's lock once
   * the cap allows the coupon; for example reserving the coupon's spend) returns true.
   *
   * @param customerId the customer, 1 to 512 characters
   * @param alongside what to do with the coupon, or null; it must not call this cap
   * @return the result; nothing is counted unless it is {@link Result#GRANTED}
   * @throws IllegalArgumentException if the customer id is empty or too long
   */
  public Result tryAcquire(String customerId, BooleanSupplier alongside) {
    if (customerId == null || customerId.isEmpty() || customerId.length() > 512) {
      throw new IllegalArgumentException("customerId must have 1 to 512 characters, found '" + customerId + "'");
    }
    long w = windowAt(wallMillis.getAsLong());
    long now = shared ? nanos.getAsLong() : 0;
    boolean wakeUp = false;
    Result r;
    synchronized (this) {
      roll(w);
      if (closed || (shared && (unknown || !everSynced || now - deadline >= 0))) {
        refusals++;
        return Result.UNAVAILABLE;
      }
      Entry e = current.get(customerId);
      long known = e == null ? 0 : e.known;
      int inFlight = e == null ? 0 : e.pending + e.sent;
      if (known + inFlight >= cap) {
        refusals++;
        return Result.LIMIT_REACHED;
      }
      if (shared && inFlight >= policy.maxInFlightPerCustomer()) {
        refusals++;
        return Result.IN_FLIGHT;
      }
      if (e == null && current.size() >= policy.maxTrackedCustomers()) {
        refusals++;
        return Result.UNAVAILABLE;
      }
      if (alongside != null && !alongside.getAsBoolean()) {
        return Result.DECLINED;
      }
      if (e == null) {
        e = new Entry();
        current.put(customerId, e);
      }
      granted++;
      if (shared) {
        e.pending++;
        unconfirmed++;
        wakeUp = !syncRequested;
        syncRequested = true;
      } else {
        e.known++;
      }
      r = Result.GRANTED;
    }
    if (wakeUp && wake != null) {
      wake.run();
    }
    return r;
  }

  private long windowAt(long millis) {
    return Math.max(0, Math.floorDiv(millis, windowMillis));
  }

  /** Moves to window {@code w}: a new, empty map; older windows stay only while they have unconfirmed coupons. */
  private void roll(long w) {
    if (w == window) {
      return;
    }
    if (w < window) {
      // the wall clock stepped back: keep counting in the window this cap is in (never forget a customer)
      return;
    }
    window = w;
    current = new HashMap<>();
    windows.put(w, current);
    for (Iterator<Map.Entry<Long, Map<String, Entry>>> it = windows.entrySet().iterator(); it.hasNext();) {
      Map.Entry<Long, Map<String, Entry>> me = it.next();
      if (me.getKey() == w) {
        continue;
      }
      me.getValue().values().removeIf(x -> x.pending + x.sent == 0);
      if (me.getValue().isEmpty()) {
        it.remove();
      }
    }
  }

  boolean syncRequested() {
    return syncRequested;
  }

  /** One confirmation round with the store; called by the background thread only. Throws when the store fails. */
  void sync(BudgetStore store) {
    long sentAt = nanos.getAsLong();
    long w0 = windowAt(wallMillis.getAsLong());
    List<Long> batchWindows = new ArrayList<>();
    List<List<String>> batchKeys = new ArrayList<>();
    List<long[]> batchDeltas = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      syncRequested = false;
      roll(w0);
      takeBatches(batchWindows, batchKeys, batchDeltas);
    }
    int done = 0;
    try {
      if (!defined) {
        long inForce = store.define(capId, requestedCap);
        synchronized (this) {
          defined = true;
          cap = inForce;
        }
      }
      if (batchWindows.isEmpty()) { // nothing to confirm: check that the store still knows the cap
        CounterTotals t = store.addToCounters(capId, w0, List.of(), new long[0], ttl());
        synchronized (this) {
          if (!t.known()) {
            markUnknown();
            return;
          }
          cap = t.limit();
        }
      }
      for (; done < batchWindows.size(); done++) {
        List<String> keys = batchKeys.get(done);
        long[] deltas = batchDeltas.get(done);
        CounterTotals t = store.addToCounters(capId, batchWindows.get(done), keys, deltas, ttl());
        synchronized (this) {
          if (!t.known()) {
            unsend(batchWindows, batchKeys, batchDeltas, done); // kept unconfirmed: they can be counted nowhere
            done = batchWindows.size();
            markUnknown();
            return;
          }
          cap = t.limit();
          Map<String, Entry> m = windows.get(batchWindows.get(done));
          for (int i = 0; i < keys.size(); i++) {
            Entry e = m.get(keys.get(i));
            e.sent -= (int) deltas[i];
            unconfirmed -= deltas[i];
            e.known = Math.max(e.known, t.totals().get(i));
          }
        }
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        unsend(batchWindows, batchKeys, batchDeltas, done);
        failures++;
        lastError = e.toString();
      }
      throw e;
    }
    synchronized (this) {
      syncs++;
      unknown = false;
      everSynced = true;
      deadline = sentAt + policy.staleAfter().toNanos();
    }
  }

  private void markUnknown() {
    unknown = true;
    syncs++;
  }

  private long ttl() {
    return windowMillis + policy.ttlSlack().toMillis();
  }

  /** Moves every pending grant to "sent" and lists them per window (at most MAX_COUNTER_KEYS per call). */
  private void takeBatches(List<Long> ws, List<List<String>> ks, List<long[]> ds) {
    for (Map.Entry<Long, Map<String, Entry>> me : windows.entrySet()) {
      List<String> keys = new ArrayList<>();
      List<Long> deltas = new ArrayList<>();
      for (Map.Entry<String, Entry> ce : me.getValue().entrySet()) {
        Entry e = ce.getValue();
        if (e.pending > 0) {
          keys.add(ce.getKey());
          deltas.add((long) e.pending);
          e.sent += e.pending;
          e.pending = 0;
          if (keys.size() == BudgetStore.MAX_COUNTER_KEYS) {
            add(ws, ks, ds, me.getKey(), keys, deltas);
            keys = new ArrayList<>();
            deltas = new ArrayList<>();
          }
        }
      }
      if (!keys.isEmpty()) {
        add(ws, ks, ds, me.getKey(), keys, deltas);
      }
    }
  }

  private static void add(List<Long> ws, List<List<String>> ks, List<long[]> ds, long w, List<String> keys,
      List<Long> deltas) {
    long[] d = new long[deltas.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = deltas.get(i);
    }
    ws.add(w);
    ks.add(keys);
    ds.add(d);
  }

  /** Returns the batches from index {@code from} on to "pending" (their confirmation failed or is unknown). */
  private void unsend(List<Long> ws, List<List<String>> ks, List<long[]> ds, int from) {
    for (int b = from; b < ws.size(); b++) {
      Map<String, Entry> m = windows.get(ws.get(b));
      List<String> keys = ks.get(b);
      for (int i = 0; i < keys.size(); i++) {
        Entry e = m.get(keys.get(i));
        e.sent -= (int) ds.get(b)[i];
        e.pending += (int) ds.get(b)[i];
      }
    }
    if (from < ws.size()) {
      syncRequested = true; // retried after the back-off
    }
  }

  /** Confirms what is left (one attempt) and stops granting; called on close. Throws when the store fails. */
  void release(BudgetStore store) {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    try {
      if (defined && unconfirmed() > 0) {
        sync(store);
      }
    } finally {
      synchronized (this) {
        closed = true;
      }
    }
  }

  /** @return the cap's id in the store */
  public String capId() {
    return capId;
  }

  /** @return the policy */
  public CustomerCapPolicy policy() {
    return policy;
  }

  /** @return the window's length */
  public Duration window() {
    return Duration.ofMillis(windowMillis);
  }

  /** @return whether the cap is shared by a fleet through a store (false for {@link #local}) */
  public boolean isShared() {
    return shared;
  }

  /** @return the most coupons per customer and window (the store's, once synced: an existing cap keeps its own) */
  public synchronized long maxPerCustomer() {
    return cap;
  }

  /** @return the state now */
  public synchronized State state() {
    if (closed) {
      return State.CLOSED;
    }
    if (!shared) {
      return State.ACTIVE;
    }
    if (unknown) {
      return State.UNKNOWN;
    }
    if (!everSynced) {
      return State.STARTING;
    }
    return nanos.getAsLong() - deadline >= 0 ? State.STALE : State.ACTIVE;
  }

  /**
   * @param customerId the customer
   * @return the customer's coupons in the current window as this JVM knows them: the store's count as of the
   *     last confirmation plus this JVM's unconfirmed grants (exact for a local cap)
   */
  public synchronized long countOf(String customerId) {
    roll(windowAt(wallMillis.getAsLong()));
    Entry e = current.get(customerId);
    return e == null ? 0 : e.known + e.pending + e.sent;
  }

  /** @return the coupons granted here and not yet confirmed by the store */
  public synchronized long unconfirmed() {
    return unconfirmed;
  }

  /** @return the coupons granted here since the cap opened */
  public synchronized long granted() {
    return granted;
  }

  /** @return the number of customers tracked in the current window */
  public synchronized int trackedCustomers() {
    return current == null ? 0 : current.size();
  }

  /** @return the number of refused acquisitions */
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
    return "CustomerCap{" + capId + (shared ? ", holder=" + holderId : ", local") + ", maxPerCustomer="
        + maxPerCustomer() + ", window=" + window() + ", state=" + state() + ", granted=" + granted()
        + ", unconfirmed=" + unconfirmed() + "}";
  }
}
