package dev.pricing.core.budget;

/**
 * The service provider interface of a shared budget: counters of quota (money in micro-units, customer slots,
 * any whole units) that many holders (JVMs) lease from. An implementation keeps, per budget, the limit, the
 * spend reported, and per holder the quota it holds under a lease with a time to live; every operation first
 * returns the unspent quota of expired leases to the pool, then applies its change atomically.
 *
 * <p>The accounting every implementation follows (the in-memory store implements it in Java, the Redis store
 * in a Lua script; both are checked against the same tests):
 *
 * <pre>
 *   sync(h, spent, want):  held[h] -= min(spent, held[h]);  budget.spent += spent
 *                          held[h] += min(max(0, want - held[h]), limit - budget.spent - outstanding)
 *                          (or, when want &lt; held[h], the excess returns to the pool); lease expiry = now + ttl
 *   release(h, spent):     as sync with want = 0, then the lease is removed
 *   outstanding = sum of held[h] over live leases;   available = limit - spent - outstanding
 * </pre>
 *
 * Spend reported after a lease expired is still added to {@code spent}: the store records what happened.
 *
 * <p>A budget also owns counters per window and key ({@link #addToCounters}): a per-customer coupon cap
 * ({@link CustomerCap}) counts each customer's coupons in them, with the budget's limit as the cap. A window's
 * counters expire together, a time to live after the window's first addition.
 *
 * <p>Methods may block on the network; they are called from {@link BudgetLeases}' background thread, never
 * from a pricing thread. Implementations must be thread-safe.
 */
public interface BudgetStore extends AutoCloseable {

  /**
   * Creates the budget with this limit if the store has none by that id; an existing budget keeps its limit.
   *
   * @param budgetId the budget id (letters, digits, {@code . _ : -}; at most 200 characters)
   * @param limit the limit, non-negative
   * @return the limit in force
   * @throws BudgetStoreException if the store cannot be reached
   */
  long define(String budgetId, long limit);

  /**
   * Reports spend under the holder's lease and tops the lease up to {@code want} (as far as the pool allows),
   * renewing its expiry.
   *
   * @param budgetId the budget id
   * @param holderId the holder (one per JVM and store)
   * @param spent spend since the holder's last successful report, non-negative
   * @param want the quota the holder wants to hold after this call, non-negative
   * @param ttlMillis the lease's time to live from now, positive
   * @return the lease and totals after the call, or {@link LeaseGrant#UNKNOWN} if the budget does not exist
   * @throws BudgetStoreException if the store cannot be reached
   */
  LeaseGrant sync(String budgetId, String holderId, long spent, long want, long ttlMillis);

  /**
   * Reports the last spend and returns the rest of the holder's lease to the pool.
   *
   * @param budgetId the budget id
   * @param holderId the holder
   * @param spent spend since the holder's last successful report, non-negative
   * @return the totals after the call ({@code held} is 0), or {@link LeaseGrant#UNKNOWN}
   * @throws BudgetStoreException if the store cannot be reached
   */
  LeaseGrant release(String budgetId, String holderId, long spent);

  /**
   * Reads a budget's totals (returning expired leases to the pool first).
   *
   * @param budgetId the budget id
   * @return the snapshot ({@code known} false when there is no such budget)
   * @throws BudgetStoreException if the store cannot be reached
   */
  BudgetSnapshot snapshot(String budgetId);

  /**
   * Adds to counters of one window of a defined budget, atomically, and returns their totals. A window's
   * counters are created at 0 by the first addition, which also sets their common expiry to now + ttl (later
   * additions do not extend it); after that they are gone, and a later addition starts them again at 0. An
   * empty key list adds nothing and answers whether the budget exists (a liveness check).
   *
   * @param budgetId the budget id (defined with {@link #define}; its limit is returned with the totals)
   * @param window the window's index (for example days since the epoch), non-negative
   * @param keys the counters' keys (for example customer ids), each 1 to 512 characters, at most
   *     {@link #MAX_COUNTER_KEYS}, no duplicates
   * @param deltas what to add to each key's counter, non-negative, as many as keys
   * @param ttlMillis how long the window's counters live after its first addition, positive
   * @return the totals, or {@link CounterTotals#UNKNOWN} if the budget does not exist (nothing is added)
   * @throws IllegalArgumentException naming the field and value if an argument is out of range
   * @throws BudgetStoreException if the store cannot be reached
   */
  CounterTotals addToCounters(String budgetId, long window, java.util.List<String> keys, long[] deltas,
      long ttlMillis);

  /** The most keys one {@link #addToCounters} call may carry. */
  int MAX_COUNTER_KEYS = 10_000;

  /**
   * Checks the arguments of {@link #addToCounters}.
   *
   * @param budgetId the budget id
   * @param window the window
   * @param keys the keys
   * @param deltas the deltas
   * @param ttlMillis the time to live
   * @throws IllegalArgumentException naming the field and value if one is out of range
   */
  static void checkCounters(String budgetId, long window, java.util.List<String> keys, long[] deltas,
      long ttlMillis) {
    checkId(budgetId);
    if (window < 0) {
      throw new IllegalArgumentException("window must not be negative, found " + window);
    }
    java.util.Objects.requireNonNull(keys, "keys");
    java.util.Objects.requireNonNull(deltas, "deltas");
    if (keys.size() > MAX_COUNTER_KEYS) {
      throw new IllegalArgumentException("keys must hold at most " + MAX_COUNTER_KEYS + " keys, found "
          + keys.size());
    }
    if (deltas.length != keys.size()) {
      throw new IllegalArgumentException("deltas must have one value per key (" + keys.size() + "), found "
          + deltas.length);
    }
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("ttlMillis must be positive, found " + ttlMillis);
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < deltas.length; i++) {
      String k = keys.get(i);
      if (k == null || k.isEmpty() || k.length() > 512) {
        throw new IllegalArgumentException("keys[" + i + "] must have 1 to 512 characters, found '" + k + "'");
      }
      if (!seen.add(k)) {
        throw new IllegalArgumentException("keys must not repeat, found '" + k + "' twice");
      }
      if (deltas[i] < 0) {
        throw new IllegalArgumentException("deltas[" + i + "] must not be negative, found " + deltas[i]);
      }
    }
  }

  /** Releases the store's connections (not the budgets). Idempotent. */
  @Override
  default void close() {}

  /**
   * Checks a budget id.
   *
   * @param budgetId the id
   * @return the id
   * @throws IllegalArgumentException if it is empty, longer than 200 characters or has other characters than
   *     letters, digits and {@code . _ : -}
   */
  static String checkId(String budgetId) {
    return checkName("budgetId", budgetId);
  }

  /**
   * Checks a holder id (the same alphabet as budget ids).
   *
   * @param holderId the id
   * @return the id
   * @throws IllegalArgumentException if it is not a valid id
   */
  static String checkHolder(String holderId) {
    return checkName("holderId", holderId);
  }

  private static String checkName(String field, String v) {
    if (v == null || v.isEmpty() || v.length() > 200) {
      throw new IllegalArgumentException(field + " must have 1 to 200 characters, found '" + v + "'");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
          || c == '_' || c == ':' || c == '-';
      if (!ok) {
        throw new IllegalArgumentException(field + " may hold only letters, digits and . _ : -, found '" + v + "'");
      }
    }
    return v;
  }

  /**
   * Checks the amounts of a lease operation.
   *
   * @param spent the spend reported
   * @param want the quota wanted
   * @throws IllegalArgumentException if either is negative
   */
  static void checkAmounts(long spent, long want) {
    if (spent < 0) {
      throw new IllegalArgumentException("spent must not be negative, found " + spent);
    }
    if (want < 0) {
      throw new IllegalArgumentException("want must not be negative, found " + want);
    }
  }
}
